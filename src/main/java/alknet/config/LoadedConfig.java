package alknet.config;

import alknet.api.ServeOptions;

/** One complete load of the configuration: the effective settings and the server options built from them. */
public record LoadedConfig(EffectiveSettings settings, ServeOptions options) {
}
