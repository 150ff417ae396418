package io.shallot.loop;

/**
 * A file-system failure with Node's error code ({@code ENOENT}, {@code EISDIR}, {@code ENOTDIR},
 * {@code EEXIST}, {@code EACCES}, {@code ENOTEMPTY}, {@code EIO}) and Node's message, e.g.
 * {@code ENOENT: no such file or directory, open '/tmp/x'}; a failure on an open file names no path
 * ({@code EISDIR: illegal operation on a directory, read}), as Node's does.
 */
public final class FsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String syscall;
    private final String path;

    public FsException(String code, String description, String syscall, String path, Throwable cause) {
        super(code + ": " + description + ", " + syscall + (path == null ? "" : " '" + path + "'"), cause);
        this.code = code;
        this.syscall = syscall;
        this.path = path;
    }

    public String code() {
        return code;
    }

    public String syscall() {
        return syscall;
    }

    public String path() {
        return path;
    }
}
