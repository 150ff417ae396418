package io.shallot.platform.diagnostics;

/** Where a pull stands; written in lowercase in the API. */
public enum PullStatus {
    /** Waiting for the app to upload. */
    PENDING,
    /** An upload is being written. */
    UPLOADING,
    /** The log is stored and can be downloaded. */
    UPLOADED,
    /** Not uploaded within the pull's time-to-live; uploads are refused with 410. */
    EXPIRED
}
