package alknet.config;

/**
 * One effective setting: its value as text (null when unset and without default), where it came from, and
 * {@code origin}, the exact place ("--listen", "ALKNET_LISTEN", "/etc/alknet.toml:3: server.listen", "default").
 */
public record ResolvedSetting(Setting setting, String value, SettingSource source, String origin) {
    /** One line for a {@code --print-config} dump: {@code listen = 0.0.0.0:443  (file /etc/alknet.toml:3: server.listen)}. */
    public String describe() {
        String shown = value == null ? "(unset)" : value;
        return setting.flag() + " = " + shown + "  (" + source.name().toLowerCase(java.util.Locale.ROOT)
                + (source == SettingSource.DEFAULT ? "" : " " + origin) + ")";
    }
}
