package io.celeryapi.internal;

import java.util.regex.Pattern;

/**
 * Shell-style globs ({@code accounts.*}, {@code worker-?@host}) as regular expressions,
 * as Celery matches task routes and node names.
 */
public final class Globs {

	private Globs() {
	}

	/**
	 * Compiles a glob: {@code *} is any text, {@code ?} any one character.
	 * @param glob the glob
	 * @return a pattern that matches whole strings
	 */
	public static Pattern compile(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

}
