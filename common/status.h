/* Status codes shared by every pkbench library: 0 or a negative PK_E* code. */
#ifndef PK_COMMON_STATUS_H
#define PK_COMMON_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
    PK_OK = 0,
    PK_EINVAL = -1,       /* bad argument or bad input */
    PK_ENOMEM = -2,       /* allocation failed */
    PK_EIO = -3,          /* file could not be read or written */
    PK_EPARSE = -4,       /* malformed file contents */
    PK_ERANGE = -5,       /* number out of range */
    PK_ENODEV = -6,       /* no usable device for the backend */
    PK_EDEVICE = -7,      /* a device runtime call failed */
    PK_ETIMEDOUT = -8,    /* a bounded wait expired (hung kernel, dead worker) */
    PK_ECHECK = -9,       /* a correctness check failed (item not run exactly once) */
    PK_EINTR = -10,       /* interrupted by a signal */
    PK_EUNSUPPORTED = -11, /* not available in this build */
    PK_EBUSY = -12         /* held by another process (an output folder's lock) */
};

/* A static, human-readable description of a status code. */
const char *pk_strerror(int status);

#ifdef __cplusplus
}
#endif

#endif
