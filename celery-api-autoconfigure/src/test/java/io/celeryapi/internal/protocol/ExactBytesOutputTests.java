package io.celeryapi.internal.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output a JSON generator writes an envelope to.
 */
class ExactBytesOutputTests {

	@Test
	void isEmptyWhenNothingWasWritten() {
		assertThat(new ExactBytesOutput().toByteArray()).isEmpty();
	}

	@Test
	void keepsOneWriteAsItsExactBytes() {
		ExactBytesOutput out = new ExactBytesOutput();
		byte[] source = "--{\"a\":1}--".getBytes(StandardCharsets.UTF_8);
		out.write(source, 2, 7);
		source[3] = 'X';
		assertThat(out.toByteArray()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
	}

	@Test
	void joinsSeveralWritesAndSingleBytesInOrder() {
		ExactBytesOutput out = new ExactBytesOutput();
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 1000; i++) {
			String chunk = "chunk" + i + ";";
			out.write(chunk.getBytes(StandardCharsets.UTF_8), 0, chunk.length());
			out.write('|');
			expected.append(chunk).append('|');
		}
		out.write(new byte[0], 0, 0);
		assertThat(out.toByteArray()).asString(StandardCharsets.UTF_8).isEqualTo(expected.toString());
	}

	@Test
	void startsWithASingleByte() {
		ExactBytesOutput out = new ExactBytesOutput();
		out.write('{');
		out.write("}".getBytes(StandardCharsets.UTF_8), 0, 1);
		assertThat(out.toByteArray()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
	}

}
