package io.celeryapi.internal.protocol;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects what a JSON generator writes and hands it back as an array of exactly that size.
 * A generator buffers what it writes and usually flushes a whole envelope in one write, which
 * this keeps as the result with one copy: no growing buffer, no copy to trim it.
 */
final class ExactBytesOutput extends OutputStream {

	private static final byte[] EMPTY = new byte[0];

	private byte[] bytes = EMPTY;

	private int size;

	@Override
	public void write(int b) {
		ensureCapacity(this.size + 1);
		this.bytes[this.size++] = (byte) b;
	}

	@Override
	public void write(byte[] source, int offset, int length) {
		if (length == 0) {
			return;
		}
		if (this.size == 0) {
			this.bytes = Arrays.copyOfRange(source, offset, offset + length);
			this.size = length;
			return;
		}
		ensureCapacity(this.size + length);
		System.arraycopy(source, offset, this.bytes, this.size, length);
		this.size += length;
	}

	private void ensureCapacity(int needed) {
		if (needed > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
		}
	}

	/**
	 * What was written.
	 * @return the bytes, in an array of their exact length
	 */
	byte[] toByteArray() {
		return (this.size == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.size);
	}

}
