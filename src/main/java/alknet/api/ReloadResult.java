package alknet.api;

import java.util.List;

/**
 * What a configuration reload did (20-auth-config.md section 5): the hot-reloadable sections that changed
 * ({@code auth}, {@code forwarding}, {@code limits}) and the static settings that differ but keep their running
 * values until a restart ({@code listen}, {@code ops_listen}, ...).
 */
public record ReloadResult(List<String> changed, List<String> needsRestart) {
    public ReloadResult {
        changed = List.copyOf(changed);
        needsRestart = List.copyOf(needsRestart);
    }
}
