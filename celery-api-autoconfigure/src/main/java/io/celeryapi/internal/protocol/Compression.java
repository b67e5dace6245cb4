package io.celeryapi.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * kombu's body compression. kombu registers zlib under the content type
 * {@code application/x-gzip}, yet the bytes are a zlib stream (RFC 1950), not gzip.
 */
final class Compression {

	private Compression() {
	}

	static byte[] decompress(String codec, byte[] bytes, Envelope envelope) {
		if (!"application/x-gzip".equals(codec) && !"zlib".equals(codec)) {
			throw envelope.malformed("unsupported compression " + codec);
		}
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(bytes);
			ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw envelope.malformed("truncated zlib body");
				}
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw envelope.malformed("body is not valid zlib data: " + ex.getMessage());
		}
		finally {
			inflater.end();
		}
	}

}
