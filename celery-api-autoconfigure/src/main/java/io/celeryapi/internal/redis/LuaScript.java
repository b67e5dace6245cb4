package io.celeryapi.internal.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it
 * (first use, or a Redis restart flushed the script cache). Scripts make multi-key
 * updates atomic on a connection that many threads share, where MULTI/EXEC would
 * interleave.
 */
final class LuaScript {

	private final String source;

	private final String sha;

	private final ScriptOutputType outputType;

	LuaScript(String source, ScriptOutputType outputType) {
		this.source = source;
		this.sha = sha1(source);
		this.outputType = outputType;
	}

	<T> CompletableFuture<T> run(RedisAsyncCommands<String, String> commands, String[] keys, String... args) {
		CompletableFuture<T> result = new CompletableFuture<>();
		commands.<T>evalsha(this.sha, this.outputType, keys, args).whenComplete((value, ex) -> {
			if (ex == null) {
				result.complete(value);
			}
			else if (ex instanceof RedisNoScriptException || String.valueOf(ex.getMessage()).startsWith("NOSCRIPT")) {
				commands.<T>eval(this.source, this.outputType, keys, args).whenComplete((v, ex2) -> {
					if (ex2 == null) {
						result.complete(v);
					}
					else {
						result.completeExceptionally(ex2);
					}
				});
			}
			else {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	/**
	 * Runs the script synchronously on a connection of the caller's own.
	 */
	<T> T runSync(io.lettuce.core.api.sync.RedisCommands<String, String> commands, String[] keys, String... args) {
		try {
			return commands.evalsha(this.sha, this.outputType, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return commands.eval(this.source, this.outputType, keys, args);
		}
	}

	private static String sha1(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
