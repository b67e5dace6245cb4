package io.celeryapi.autoconfigure;

import org.junit.jupiter.api.Test;

import io.celeryapi.internal.Hostnames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Celery's node name placeholders.
 */
class NodeNamesTests {

	@Test
	void expandsHostShortNameAndDomain() {
		String host = Hostnames.local();
		String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
		assertThat(NodeNames.expand("celery@%h")).isEqualTo("celery@" + host);
		assertThat(NodeNames.expand("w1@%n")).isEqualTo("w1@" + shortName);
		assertThat(NodeNames.expand("plain@host")).isEqualTo("plain@host");
		assertThat(NodeNames.expand("100%%@%n")).isEqualTo("100%@" + shortName);
	}

}
