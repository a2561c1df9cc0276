package alknet.config;

/**
 * One setting after precedence: its text as given (null when unset and without default), where it came from, and
 * the origin to name in messages ({@code --max-startups}, {@code ALKNET_MAX_STARTUPS}, {@code FILE:LINE key},
 * {@code default}).
 */
public record ResolvedSetting(Setting<?> setting, String value, SettingSource source, String origin) {
    /** {@code max-startups = 50  (env ALKNET_MAX_STARTUPS)}. */
    public String describe() {
        String shown = value == null ? "(unset)" : value;
        return setting.flag() + " = " + shown + "  (" + source.name().toLowerCase(java.util.Locale.ROOT)
                + (source == SettingSource.DEFAULT ? "" : " " + origin) + ")";
    }
}
