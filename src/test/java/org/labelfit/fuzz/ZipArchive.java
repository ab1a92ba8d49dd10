package org.labelfit.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Zip archives in memory. Written by hand rather than through ZipOutputStream, which refuses what an attacker's
 * archive may hold: repeated names, and members whose data was deflated once beforehand (a zip bomb inflates to a
 * GiB; deflating it again for every input would take seconds).
 */
final class ZipArchive {

	static final int STORED = ZipEntry.STORED, DEFLATED = ZipEntry.DEFLATED;
	/** Members are read into memory to be mutated; larger ones (a bomb from an earlier round) end the parse. */
	private static final int MAX_MEMBER = 64 << 20;
	private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

	/**
	 * One member. {@code raw}, when not null, is the member's data as it goes in the archive (already deflated), and
	 * {@code crc} and {@code size} describe what it inflates to; otherwise they come from {@code data}.
	 */
	record Member(String name, int method, byte[] data, byte[] raw, long crc, long size) {

		static Member of(String name, int method, byte[] data) {
			return new Member(name, method, data, null, 0, data.length);
		}

		Member withName(String n) {
			return new Member(n, method, data, raw, crc, size);
		}

		Member withData(byte[] d) {
			return of(name, method, d);
		}

		Member withMethod(int m) {
			return raw != null ? this : of(name, m, data);
		}
	}

	private ZipArchive() {}

	/** The members in archive order, or null when {@code zip} does not read as an archive any more. */
	static List<Member> read(byte[] zip) {
		List<Member> members = new ArrayList<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				byte[] data = in.readNBytes(MAX_MEMBER + 1);
				if (data.length > MAX_MEMBER) return null;
				members.add(Member.of(e.getName(), e.getMethod(), data));
			}
		}
		catch (IOException | IllegalArgumentException e) {
			return null;
		}
		return members.isEmpty() ? null : members;
	}

	static byte[] write(List<Member> members) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream directory = new ByteArrayOutputStream();
		for (Member m : members) {
			byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
			long crc = m.raw() != null ? m.crc() : crc(m.data());
			byte[] body = m.raw() != null ? m.raw() : m.method() == DEFLATED ? deflate(m.data()) : m.data();
			int offset = out.size();
			header(out, 0x04034b50, false, m.method(), crc, body.length, m.size(), name, 0);
			out.writeBytes(body);
			header(directory, 0x02014b50, true, m.method(), crc, body.length, m.size(), name, offset);
		}
		int start = out.size();
		out.writeBytes(directory.toByteArray());
		byte[] end = new byte[22];
		Bytes.put(end, 0, 4, LE, 0x06054b50);
		Bytes.put(end, 8, 2, LE, members.size());
		Bytes.put(end, 10, 2, LE, members.size());
		Bytes.put(end, 12, 4, LE, directory.size());
		Bytes.put(end, 16, 4, LE, start);
		out.writeBytes(end);
		return out.toByteArray();
	}

	/** A local file header, or (with {@code central}) a central directory header; no extra fields, no comment. */
	private static void header(ByteArrayOutputStream out, int signature, boolean central, int method, long crc,
		long compressed, long size, byte[] name, int offset)
	{
		byte[] h = new byte[central ? 46 : 30];
		Bytes.put(h, 0, 4, LE, signature);
		int at = 4;
		if (central) {
			Bytes.put(h, at, 2, LE, 20);
			at += 2;
		}
		Bytes.put(h, at, 2, LE, 20);
		Bytes.put(h, at + 4, 2, LE, method);
		Bytes.put(h, at + 8, 2, LE, 0x21);
		Bytes.put(h, at + 10, 4, LE, crc);
		Bytes.put(h, at + 14, 4, LE, compressed);
		Bytes.put(h, at + 18, 4, LE, size);
		Bytes.put(h, at + 22, 2, LE, name.length);
		if (central) Bytes.put(h, 42, 4, LE, offset);
		out.writeBytes(h);
		out.writeBytes(name);
	}

	static long crc(byte[] data) {
		CRC32 crc = new CRC32();
		crc.update(data);
		return crc.getValue();
	}

	/** Raw deflate, as zip members hold it. */
	static byte[] deflate(byte[] data) {
		Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try {
			d.setInput(data);
			d.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
			byte[] buffer = new byte[1 << 16];
			while (!d.finished()) out.write(buffer, 0, d.deflate(buffer));
			return out.toByteArray();
		}
		finally {
			d.end();
		}
	}
}
