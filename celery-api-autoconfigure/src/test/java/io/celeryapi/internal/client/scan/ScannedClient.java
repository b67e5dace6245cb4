package io.celeryapi.internal.client.scan;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.core.Signature;

/**
 * A client found by scanning {@code basePackages} in
 * {@code io.celeryapi.internal.client.ClientStartupContextTests}.
 */
@CeleryClient(name = "scanned")
public interface ScannedClient {

	Signature<String> hello(String name);

}
