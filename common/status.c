/* Text for the PK_E* status codes. */
#include "common/status.h"

const char *pk_strerror(int status)
{
    switch (status) {
    case PK_OK: return "success";
    case PK_EINVAL: return "invalid argument";
    case PK_ENOMEM: return "out of memory";
    case PK_EIO: return "input/output error";
    case PK_EPARSE: return "malformed input";
    case PK_ERANGE: return "value out of range";
    case PK_ENODEV: return "no usable device";
    case PK_EDEVICE: return "device runtime error";
    case PK_ETIMEDOUT: return "timed out";
    case PK_ECHECK: return "correctness check failed";
    case PK_EINTR: return "interrupted";
    case PK_EUNSUPPORTED: return "not supported by this build";
    case PK_EBUSY: return "in use by another process";
    default: return "unknown error";
    }
}
