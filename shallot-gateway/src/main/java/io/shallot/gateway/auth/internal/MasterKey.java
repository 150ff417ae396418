package io.shallot.gateway.auth.internal;

import io.shallot.gateway.auth.AuthSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the master key comes from: {@link AuthSettings#masterKey()} when set; otherwise the
 * development key file, created with a random key when missing. Creation is atomic
 * ({@code CREATE_NEW}), so cluster workers starting together end up with the same key. The key
 * itself is never logged.
 */
public final class MasterKey {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MasterKey() {
    }

    /** The 32 key bytes. Blocks on the file system when the development key is used: call at startup. */
    public static byte[] resolve(AuthSettings settings) {
        if (settings.masterKey() != null) {
            return AuthSettings.masterKeyBytes(settings.masterKey());
        }
        Path file = Path.of(settings.masterKeyFile());
        boolean created = create(file);
        LOG.warn("gateway.auth.masterKey is not set: app secrets are encrypted with the development key in {}{}."
                        + " Production must set gateway.auth.masterKey (env SHALLOT_GATEWAY_AUTH_MASTERKEY) to 32 random"
                        + " bytes in base64, the same on every gateway process; secrets sealed under one key do not"
                        + " open under another", file.toAbsolutePath(), created ? " (created now)" : "");
        try {
            return AuthSettings.masterKeyBytes(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development master key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a temporary file, then links it into place: a racing process sees no file or a whole one. */
    private static boolean create(Path file) {
        if (Files.exists(file)) {
            return false;
        }
        String key = Base64.getEncoder().encodeToString(Secrets.randomBytes(AuthSettings.MASTER_KEY_BYTES));
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(dir);
            temporary = Files.getFileStore(dir).supportsFileAttributeView("posix")
                    ? Files.createTempFile(dir, ".master", ".key", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".master", ".key");
            Files.writeString(temporary, key + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development master key " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", temporary, e.toString());
                }
            }
        }
    }
}
