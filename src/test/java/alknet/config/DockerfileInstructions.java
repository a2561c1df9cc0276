package alknet.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A Dockerfile as instructions (continuation lines joined, comments dropped), each tagged with its stage name. */
record DockerfileInstructions(List<Instruction> instructions) {
    /** {@code keyword} upper case; {@code stage} the {@code FROM ... AS name} it belongs to, "" when unnamed. */
    record Instruction(String keyword, String arguments, String stage) {
    }

    static DockerfileInstructions read(Path dockerfile) throws IOException {
        List<Instruction> out = new ArrayList<>();
        String stage = "";
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String text = line.strip();
            if (text.startsWith("#") || (text.isEmpty() && pending.isEmpty())) {
                continue;
            }
            pending.append(text.replaceAll("\\\\$", "")).append(' ');
            if (text.endsWith("\\")) {
                continue;
            }
            String[] parts = pending.toString().strip().replaceAll("\\s+", " ").split(" ", 2);
            pending.setLength(0);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split(" ");
                stage = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : "";
            }
            out.add(new Instruction(keyword, arguments, stage));
        }
        return new DockerfileInstructions(out);
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    String last(String keyword) {
        List<String> found = all(keyword);
        assertThat(found).as("the Dockerfile has %s", keyword).isNotEmpty();
        return found.get(found.size() - 1);
    }

    /** The stage the final image copies the jar from. */
    String copyFromStage() {
        for (String copy : all("COPY")) {
            Matcher m = Pattern.compile("--from=(\\S+)\\s.*alknet\\.jar").matcher(copy);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no COPY takes alknet.jar --from a build stage");
    }

    /** The RUN commands of a stage, without RUN options such as --mount=type=cache. */
    List<String> runCommands(String stage) {
        return ofStage(stage, "RUN").stream().map(r -> r.replaceFirst("^(--\\S+\\s+)*", "")).toList();
    }

    String workdir(String stage) {
        List<String> dirs = ofStage(stage, "WORKDIR");
        return dirs.isEmpty() ? "" : dirs.get(dirs.size() - 1);
    }

    /** Every build-context source of the stage's COPY instructions (all words but the destination). */
    List<String> copiedSources(String stage) {
        return ofStage(stage, "COPY").stream().filter(c -> !c.startsWith("--from="))
                .flatMap(c -> {
                    List<String> words = List.of(c.split(" "));
                    return words.subList(0, words.size() - 1).stream();
                }).toList();
    }

    private List<String> ofStage(String stage, String keyword) {
        return instructions.stream().filter(i -> i.stage().equals(stage) && i.keyword().equals(keyword))
                .map(Instruction::arguments).toList();
    }
}
