package io.celeryapi.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * kombu's zlib compression, registered under {@code application/x-gzip}.
 */
class CompressionTests {

	@Test
	void decodesCapturedZlibCompressedTask() {
		WireFixtures.Golden golden = WireFixtures.golden("task_compressed_zlib.json");
		assertThat(golden.headers().get("compression").asString()).isEqualTo("application/x-gzip");
		TaskMessage message = golden.decode();
		assertThat(message.args()).isEqualTo(golden.body().get(0));
		assertThat(message.args().get(0).asInt()).isEqualTo(2);
		assertThat(message.args().get(1).asInt()).isEqualTo(3);
		assertThat(message.kwargs().isEmpty()).isTrue();
	}

	@Test
	void capturedCompressedBodyIsZlibNotGzip() {
		byte[] bytes = Base64.getDecoder().decode(WireFixtures.golden("task_compressed_zlib.json").envelope()
			.get("body").asString());
		assertThat(bytes[0] & 0xff).isEqualTo(0x78);
		assertThat(new String(Envelope.parse(WireFixtures.golden("task_compressed_zlib.json").raw()).bodyBytes(),
				StandardCharsets.UTF_8)).startsWith("[[2, 3], {}, {");
	}

	@Test
	void decompressesLargeBodyBeyondOneBuffer() {
		StringBuilder big = new StringBuilder("[[\"");
		big.append("x".repeat(100_000)).append("\"], {}, {}]");
		ObjectNode envelope = WireFixtures.minimalEnvelope("zip-1", "peer.echo", "unused");
		envelope.put("body", Base64.getEncoder().encodeToString(zlib(big.toString())));
		((ObjectNode) envelope.get("headers")).put("compression", "application/x-gzip");
		TaskMessage message = WireFixtures.decode(envelope);
		assertThat(message.args().get(0).asString()).hasSize(100_000);
	}

	@Test
	void refusesUnsupportedCompression() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("bz-1", "peer.add", "[[], {}, {}]");
		((ObjectNode) envelope.get("headers")).put("compression", "application/x-bz2");
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> WireFixtures.decode(envelope));
		assertThat(ex.getTaskId()).isEqualTo("bz-1");
		assertThat(ex.getMessage()).contains("unsupported compression application/x-bz2");
	}

	@Test
	void refusesRealGzipUnderTheZlibName() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write("[[], {}, {}]".getBytes(StandardCharsets.UTF_8));
		}
		ObjectNode envelope = WireFixtures.minimalEnvelope("gz-1", "peer.add", "unused");
		envelope.put("body", Base64.getEncoder().encodeToString(out.toByteArray()));
		((ObjectNode) envelope.get("headers")).put("compression", "application/x-gzip");
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> WireFixtures.decode(envelope));
		assertThat(ex.getTaskId()).isEqualTo("gz-1");
		assertThat(ex.getMessage()).contains("zlib");
	}

	@Test
	void refusesTruncatedZlibBody() {
		byte[] full = zlib("[[1, 2, 3, 4, 5, 6, 7, 8, 9], {\"key\": \"value\"}, {}]");
		ObjectNode envelope = WireFixtures.minimalEnvelope("cut-1", "peer.add", "unused");
		envelope.put("body", Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length / 2)));
		((ObjectNode) envelope.get("headers")).put("compression", "application/x-gzip");
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> WireFixtures.decode(envelope));
		assertThat(ex.getTaskId()).isEqualTo("cut-1");
		assertThat(ex.getMessage()).contains("zlib");
	}

	private static byte[] zlib(String text) {
		Deflater deflater = new Deflater();
		deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

}
