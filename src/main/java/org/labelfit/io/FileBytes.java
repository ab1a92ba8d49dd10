package org.labelfit.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random-access reads of a file through a small window, for checking a header's structure before a decoder trusts
 * it. Offsets are longs taken straight from the header: {@link #holds} says whether a range lies inside the file,
 * and a read outside it throws an {@link EOFException}.
 */
final class FileBytes implements Closeable {

	/** Small, since IFDs may lie far apart: each miss reads one window. */
	private static final int WINDOW = 1 << 13;

	private final FileChannel channel;
	private final long size;
	private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
	/** File position of window[0]. */
	private long start;

	FileBytes(Path file) throws IOException {
		channel = FileChannel.open(file, StandardOpenOption.READ);
		size = channel.size();
		window.limit(0);
	}

	long size() {
		return size;
	}

	void order(ByteOrder order) {
		window.order(order);
	}

	/** Whether the n bytes from pos lie inside the file; false for negative or overflowing ranges. */
	boolean holds(long pos, long n) {
		return pos >= 0 && n >= 0 && pos <= size && n <= size - pos;
	}

	int u8(long pos) throws IOException {
		return window.get(at(pos, 1)) & 0xff;
	}

	int u16(long pos) throws IOException {
		return window.getShort(at(pos, 2)) & 0xffff;
	}

	long u32(long pos) throws IOException {
		return window.getInt(at(pos, 4)) & 0xffffffffL;
	}

	/** The n bytes from pos, n at most {@link RawVoxels#MAX_ARRAY}. */
	byte[] bytes(long pos, int n) throws IOException {
		if (!holds(pos, n))
			throw new EOFException();
		ByteBuffer b = ByteBuffer.allocate(n);
		while (b.hasRemaining())
			if (channel.read(b, pos + b.position()) < 0)
				throw new EOFException();
		return b.array();
	}

	/** The window index of pos, after moving the window so that it holds the n bytes from pos. */
	private int at(long pos, int n) throws IOException {
		if (!holds(pos, n))
			throw new EOFException();
		if (pos < start || pos + n > start + window.limit()) {
			start = pos;
			window.clear();
			while (window.position() < n)
				if (channel.read(window, start + window.position()) < 0)
					throw new EOFException();
			window.flip();
		}
		return (int) (pos - start);
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
