package alknet.config;

/** Where an effective setting came from, highest precedence first (20-auth-config.md section 5). */
public enum SettingSource {
    FLAG, ENV, FILE, DEFAULT
}
