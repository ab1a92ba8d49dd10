package org.labelfit.universeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.labelfit.LabelFitException;
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.io.ImagePairs;
import org.labelfit.train.Progress;
import org.labelfit.universeg.episodes.Episode;

/**
 * Binary segmentation tasks for episodic training: every label value of every dataset is one task,
 * whose examples are the dataset's slices where that label occurs. A dataset is a folder holding
 * {@code images/} and {@code labels/} paired by name; volumes contribute their labelled slices.
 */
final class TaskCollection {

	/** One task: a label of a dataset, and the slices (indices into the dataset's samples) where it occurs. */
	record Task(String name, List<Sample> samples, int label, int[] slices) {}

	private final List<Task> tasks;

	private TaskCollection(List<Task> tasks) {
		this.tasks = List.copyOf(tasks);
	}

	static TaskCollection load(List<String> datasets, String imageSuffix, String labelSuffix, int size, Progress progress) {
		List<Task> tasks = new ArrayList<>();
		for (String dataset : datasets) {
			Path dir = Path.of(dataset);
			if (!Files.isDirectory(dir.resolve("images")) || !Files.isDirectory(dir.resolve("labels")))
				throw new LabelFitException("dataset " + dataset + " must be a folder with images/ and labels/ subfolders");
			List<ImagePairs.Pair> pairs = ImagePairs.pair(dir.resolve("images").toString(), dir.resolve("labels").toString(), imageSuffix,
				labelSuffix);
			List<Sample> samples = Samples.training(pairs, 2, size, progress);
			TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
			for (int i = 0; i < samples.size(); i++) {
				boolean[] seen = new boolean[65536];
				for (short l : samples.get(i).labels()) seen[l & 0xffff] = true;
				for (int l = 1; l < seen.length; l++) if (seen[l]) byLabel.computeIfAbsent(l, k -> new ArrayList<>()).add(i);
			}
			String name = dir.getFileName() == null ? dataset : dir.getFileName().toString();
			byLabel.forEach((label, slices) -> {
				if (slices.size() < 2) progress.log("skipping " + name + " label " + label + ": it occurs in only one slice");
				else tasks.add(new Task(name + ":" + label, samples, label, slices.stream().mapToInt(Integer::intValue).toArray()));
			});
		}
		if (tasks.isEmpty() && !datasets.isEmpty())
			throw new LabelFitException("no training tasks: every label must occur in at least two slices");
		return new TaskCollection(tasks);
	}

	List<Task> tasks() {
		return tasks;
	}

	/** A task drawn uniformly, a query slice and {@code s} other slices of it (with repeats only when it has fewer). */
	Episode sample(Random rng, int s) {
		Task t = tasks.get(rng.nextInt(tasks.size()));
		int n = t.slices().length;
		int[] order = t.slices().clone();
		for (int i = n - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int x = order[i];
			order[i] = order[j];
			order[j] = x;
		}
		Sample query = t.samples().get(order[0]);
		List<float[]> images = new ArrayList<>(), masks = new ArrayList<>();
		for (int k = 0; k < s; k++) {
			Sample support = t.samples().get(order[1 + (n > s ? k : k % (n - 1))]);
			images.add(support.intensity());
			masks.add(SupportSet.binary(support.labels(), t.label()));
		}
		return new Episode(query.width(), query.intensity(), SupportSet.binary(query.labels(), t.label()), images, masks);
	}
}
