package io.celeryapi.internal.redis;

import java.time.Duration;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Celery-style broker and backend URLs turned into Lettuce URIs.
 */
class RedisUrisTests {

	@Test
	void parsesPlainRedisUrl() {
		RedisURI uri = RedisUris.parse("redis://localhost:6379/0", null);
		assertThat(uri.getHost()).isEqualTo("localhost");
		assertThat(uri.getPort()).isEqualTo(6379);
		assertThat(uri.getDatabase()).isZero();
		assertThat(uri.isSsl()).isFalse();
		assertThat(credentials(uri).hasPassword()).isFalse();
		assertThat(credentials(uri).hasUsername()).isFalse();
		assertThat(uri.getSentinels()).isEmpty();
	}

	@Test
	void defaultsHostPortAndDatabaseLikeCelery() {
		RedisURI uri = RedisUris.parse("redis://", null);
		assertThat(uri.getHost()).isEqualTo("localhost");
		assertThat(uri.getPort()).isEqualTo(6379);
		assertThat(uri.getDatabase()).isZero();
		RedisURI hostOnly = RedisUris.parse("redis://cache.example.com", null);
		assertThat(hostOnly.getHost()).isEqualTo("cache.example.com");
		assertThat(hostOnly.getPort()).isEqualTo(6379);
	}

	@Test
	void readsDatabaseNumber() {
		assertThat(RedisUris.parse("redis://localhost:6379/1", null).getDatabase()).isEqualTo(1);
		assertThat(RedisUris.parse("redis://localhost/15", null).getDatabase()).isEqualTo(15);
		assertThat(RedisUris.parse("redis://localhost/", null).getDatabase()).isZero();
	}

	@Test
	void refusesDatabaseThatIsNoNumber() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.parse("redis://localhost/cache", null))
			.withMessageContaining("cache");
	}

	@Test
	void readsPasswordWithoutUser() {
		RedisCredentials credentials = credentials(RedisUris.parse("redis://:s3cret@redis.example.com:6380/2", null));
		assertThat(credentials.hasUsername()).isFalse();
		assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
	}

	@Test
	void readsUserAndPassword() {
		RedisURI uri = RedisUris.parse("redis://app:s3cret@redis.example.com:6380/2", null);
		RedisCredentials credentials = credentials(uri);
		assertThat(credentials.getUsername()).isEqualTo("app");
		assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
		assertThat(uri.getHost()).isEqualTo("redis.example.com");
		assertThat(uri.getPort()).isEqualTo(6380);
		assertThat(uri.getDatabase()).isEqualTo(2);
	}

	@Test
	void readsUserInfoWithoutColonAsPassword() {
		RedisCredentials credentials = credentials(RedisUris.parse("redis://s3cret@localhost", null));
		assertThat(credentials.hasUsername()).isFalse();
		assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
	}

	@Test
	void percentDecodesCredentials() {
		RedisCredentials credentials = credentials(RedisUris.parse("redis://us%3Aer:p%40ss%2Fw%3Ard@localhost", null));
		assertThat(credentials.getUsername()).isEqualTo("us:er");
		assertThat(new String(credentials.getPassword())).isEqualTo("p@ss/w:rd");
	}

	@Test
	void keepsPlusSignInPasswordAsPythonsUnquoteDoes() {
		RedisCredentials credentials = credentials(RedisUris.parse("redis://:a+b%2Bc@localhost", null));
		assertThat(new String(credentials.getPassword())).isEqualTo("a+b+c");
	}

	@Test
	void readsHostNamesWithUnderscoresAsDockerComposeUsesThem() {
		RedisURI uri = RedisUris.parse("redis://:pw@redis_server:6380/3", null);
		assertThat(uri.getHost()).isEqualTo("redis_server");
		assertThat(uri.getPort()).isEqualTo(6380);
		assertThat(uri.getDatabase()).isEqualTo(3);
		assertThat(new String(credentials(uri).getPassword())).isEqualTo("pw");
	}

	@Test
	void readsIpv6Host() {
		RedisURI uri = RedisUris.parse("redis://[::1]:6380/1", null);
		assertThat(uri.getHost()).isEqualTo("::1");
		assertThat(uri.getPort()).isEqualTo(6380);
	}

	@Test
	void usesTlsForRediss() {
		RedisURI uri = RedisUris.parse("rediss://:pw@redis.example.com:6380/0", null);
		assertThat(uri.isSsl()).isTrue();
		assertThat(uri.isVerifyPeer()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "CERT_NONE" })
	void skipsPeerVerificationWhenCeleryWouldNot(String value) {
		RedisURI uri = RedisUris.parse("rediss://:pw@redis.example.com:6380/0?ssl_cert_reqs=" + value, null);
		assertThat(uri.isSsl()).isTrue();
		assertThat(uri.isVerifyPeer()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "required", "CERT_REQUIRED", "optional", "nonesuch" })
	void keepsPeerVerificationForOtherCertRequirements(String value) {
		RedisURI uri = RedisUris.parse("rediss://redis.example.com/0?ssl_cert_reqs=" + value, null);
		assertThat(uri.isVerifyPeer()).isTrue();
	}

	@Test
	void usesGenerousCommandTimeout() {
		assertThat(RedisUris.parse("redis://localhost", null).getTimeout()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void trimsSurroundingWhitespace() {
		assertThat(RedisUris.parse("  redis://localhost:6390/4 \n", null).getPort()).isEqualTo(6390);
	}

	@ParameterizedTest
	@ValueSource(strings = { "amqp://guest:guest@localhost//", "memory://", "http://localhost:6379" })
	void refusesOtherSchemesWithMaskedUrl(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.parse(url, null))
			.withMessageContaining("Unsupported broker URL scheme")
			.withMessageNotContaining("guest:guest");
	}

	@Test
	void refusesInvalidPortWithoutShowingThePassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.parse("redis://:s3cret@host:63x9/0", null))
			.withMessageContaining("63x9")
			.withMessageNotContaining("s3cret");
	}

	@Test
	void refusesUrlWithoutSchemeWithoutShowingThePassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.parse(":s3cret@host:6379", null))
			.withMessageNotContaining("s3cret");
	}

	@Test
	void readsPasswordWithUnencodedAtSignAsPythonDoes() {
		RedisURI uri = RedisUris.parse("redis://:p@ss@host:6380", null);
		assertThat(uri.getHost()).isEqualTo("host");
		assertThat(new String(credentials(uri).getPassword())).isEqualTo("p@ss");
	}

	@Test
	void parsesCelerySentinelListWithMaster() {
		RedisURI uri = RedisUris.parse("sentinel://:pw@s1.example.com:26379/1;sentinel://s2.example.com:26380;"
				+ "sentinel://s3.example.com", "mymaster");
		assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
		assertThat(uri.getSentinels()).hasSize(3);
		assertThat(uri.getSentinels().get(0).getHost()).isEqualTo("s1.example.com");
		assertThat(uri.getSentinels().get(0).getPort()).isEqualTo(26379);
		assertThat(uri.getSentinels().get(1).getHost()).isEqualTo("s2.example.com");
		assertThat(uri.getSentinels().get(1).getPort()).isEqualTo(26380);
		assertThat(uri.getSentinels().get(2).getPort()).isEqualTo(26379);
		assertThat(uri.getDatabase()).isEqualTo(1);
		assertThat(new String(credentials(uri).getPassword())).isEqualTo("pw");
	}

	@Test
	void parsesSentinelHostsWithUnderscores() {
		RedisURI uri = RedisUris.parse("sentinel://sentinel_1:26379;sentinel://sentinel_2:26379", "mymaster");
		assertThat(uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("sentinel_1", "sentinel_2");
	}

	@Test
	void needsMasterNameForSentinel() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.parse("sentinel://s1:26379", null))
			.withMessageContaining("sentinel-master");
		assertThatIllegalArgumentException().isThrownBy(() -> RedisUris.parse("sentinel://s1:26379", " "))
			.withMessageContaining("sentinel-master");
	}

	@Test
	void passesLettuceSentinelUrlsThrough() {
		RedisURI uri = RedisUris.parse("redis-sentinel://s1.example.com:26379,s2.example.com:26380/2#mymaster", null);
		assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
		assertThat(uri.getSentinels()).hasSize(2);
		assertThat(uri.getDatabase()).isEqualTo(2);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "redis://:s3cret@host:6379/0|redis://:**@host:6379/0",
			"redis://app:s3cret@host:6379/0|redis://app:**@host:6379/0",
			"rediss://app:p%40ss@host/0?ssl_cert_reqs=none|rediss://app:**@host/0?ssl_cert_reqs=none",
			"redis://s3cret@host|redis://**@host", "redis://host:6379/0|redis://host:6379/0",
			"sentinel://:a@s1:26379;sentinel://:b@s2:26379|sentinel://:**@s1:26379;sentinel://:**@s2:26379" })
	void masksPasswords(String url, String masked) {
		assertThat(RedisUris.mask(url)).isEqualTo(masked);
	}

	private static RedisCredentials credentials(RedisURI uri) {
		return uri.getCredentialsProvider().resolveCredentials().block();
	}

}
