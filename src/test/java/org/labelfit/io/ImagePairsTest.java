package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.labelfit.io.NiftiTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePairsTest {

	@TempDir
	Path dir;

	private Path touch(String relative) throws IOException {
		Path p = dir.resolve(relative);
		Files.createDirectories(p.getParent());
		return Files.write(p, new byte[] { 0 });
	}

	private static List<String> keys(List<ImagePairs.Pair> pairs) {
		return pairs.stream().map(ImagePairs.Pair::key).toList();
	}

	@Test
	void pairsFoldersBySuffix() throws IOException {
		touch("img/p2_img.nii.gz");
		touch("img/p1_img.nii.gz");
		touch("img/readme.txt");
		touch("gt/p1_gt.nii.gz");
		touch("gt/p2_gt.nii.gz");
		List<ImagePairs.Pair> pairs = ImagePairs.pair(dir.resolve("img").toString(), dir.resolve("gt").toString(), "_img", "_gt");
		assertEquals(List.of("p1", "p2"), keys(pairs));
		assertEquals(dir.resolve("img/p1_img.nii.gz"), pairs.get(0).image());
		assertEquals(dir.resolve("gt/p1_gt.nii.gz"), pairs.get(0).label());
	}

	@Test
	void pairsWithinOneFolderAndByGlob() throws IOException {
		touch("all/a_img.tif");
		touch("all/a_gt.png");
		touch("all/b_img.tif");
		touch("all/b_gt.png");
		String all = dir.resolve("all").toString();
		assertEquals(List.of("a", "b"), keys(ImagePairs.pair(all, all, "_img", "_gt")));
		assertEquals(List.of("a", "b"), keys(ImagePairs.pair(all + "/*_img.tif", all + "/*.png", "_img", "_gt")));
		assertEquals(List.of("a_gt"), keys(ImagePairs.pair(all + "/a_gt.png", all + "/a_gt.png", null, "")));
	}

	@Test
	void namesMissingPartners() throws IOException {
		for (String k : new String[] { "a", "b", "c", "d", "e" })
			touch("img/" + k + ".npy");
		touch("gt/a.npy");
		assertMessage("4 image(s) have no label", "b.npy, c.npy, d.npy, ...",
			() -> ImagePairs.pair(dir.resolve("img").toString(), dir.resolve("gt").toString(), "", ""));
		touch("gt2/a.npy");
		touch("gt2/b.npy");
		touch("gt2/c.npy");
		touch("gt2/d.npy");
		touch("gt2/e.npy");
		touch("gt2/zz.npy");
		assertMessage("1 label(s) have no image", "zz.npy",
			() -> ImagePairs.pair(dir.resolve("img").toString(), dir.resolve("gt2").toString(), "", ""));
	}

	@Test
	void refusesEmptyMissingAndDuplicates() throws IOException {
		Files.createDirectories(dir.resolve("empty"));
		touch("gt/a.png");
		String gt = dir.resolve("gt").toString();
		assertMessage("no images found in", "empty", () -> ImagePairs.pair(dir.resolve("empty").toString(), gt, null, null));
		assertMessage("not found", "nowhere", () -> ImagePairs.pair(dir.resolve("nowhere").toString(), gt, null, null));
		assertMessage("folder not found", "nowhere", () -> ImagePairs.list(dir.resolve("nowhere") + "/*.png"));
		assertMessage("no images found in", "*.tif", () -> ImagePairs.pair(gt + "/*.tif", gt, null, null));
		touch("dup/a.png");
		touch("dup/a.tif");
		assertMessage("key 'a'", "a.png and a.tif", () -> ImagePairs.pair(dir.resolve("dup").toString(), gt, null, null));
		assertMessage("only allowed in the file name", "*", () -> ImagePairs.list(dir + "/*/a.png"));
	}

	@Test
	void listsSortedByName() throws IOException {
		touch("l/b.tif");
		touch("l/a.nii.gz");
		touch("l/c.txt");
		touch("l/.hidden.png");
		Files.createDirectories(dir.resolve("l/sub.tif"));
		assertEquals(List.of(dir.resolve("l/a.nii.gz"), dir.resolve("l/b.tif")), ImagePairs.list(dir.resolve("l").toString()));
		assertEquals(List.of(dir.resolve("l/b.tif")), ImagePairs.list(dir.resolve("l") + "/*.tif"));
		assertEquals(List.of(dir.resolve("l/c.txt")), ImagePairs.list(dir.resolve("l/c.txt").toString()));
	}
}
