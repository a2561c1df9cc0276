package alknet.config;

/** One complete load of the configuration: effective settings, the static part and the dynamic inputs. */
public record LoadedConfig(EffectiveSettings settings, StaticConfig staticConfig, DynamicConfigInputs dynamic) {
}
