package io.shallot.mvc.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.shallot.mvc.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads one YAML config file into a tree; syntax errors name the file, line and column. */
public final class YamlFile {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlFile() {
    }

    /** The file's top-level map; an empty file is an empty map. */
    public static ObjectNode read(Path file) {
        String name = file.toString();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, null, name + ": " + describe(e), e);
        } catch (IOException e) {
            throw new ConfigException(name, null, name + ": cannot be read: " + e, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(root instanceof ObjectNode map)) {
            throw new ConfigException(name, null, name + ": the top level must be a map of sections"
                    + " (such as 'mongodb:'), not " + Values.describe(root));
        }
        return map;
    }

    private static String describe(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark mark = marked.getProblemMark();
                return "YAML syntax error at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                        + ": " + marked.getProblem();
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "YAML syntax error" + where + ": " + e.getOriginalMessage().replace("Duplicate field", "duplicate key");
    }
}
