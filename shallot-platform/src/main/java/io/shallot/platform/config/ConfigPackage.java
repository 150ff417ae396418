package io.shallot.platform.config;

/**
 * A file package (文件包) a rule delivers with its config: bytes stored in MongoDB, named by their
 * SHA-256 (lower-case hex), so its download URL never changes meaning and is cached for good.
 */
public record ConfigPackage(String sha256, long size, String contentType) {

    /** Where a client downloads it: {@code /v1/configs/<name>/packages/<sha256>}. */
    public String url(String configName) {
        return "/v1/configs/" + configName + "/packages/" + sha256;
    }
}
