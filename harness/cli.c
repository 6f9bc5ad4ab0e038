/* Helpers shared by the pkbench commands: strict number and list parsing, the one-line error and
 * its exit code, and running this same binary as a subcommand (see cli.h). */
#include "harness/cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include "common/afile.h"
#include "common/path.h"
#include "common/status.h"
#include "harness/git_commit.h" /* PKB_GIT_COMMIT, generated in the build tree at every build */
#include "harness/resultdir.h"
#include "harness/signals.h"

#ifndef PKB_VERSION
#define PKB_VERSION "0.0.0"
#endif

const char *pk_version(void) { return PKB_VERSION; }
const char *pk_git_commit(void) { return PKB_GIT_COMMIT; }

int pk_cli_u64(const char *flag, const char *text, uint64_t max, uint64_t *out, char *err, size_t errlen)
{
    if (!text || !*text) {
        snprintf(err, errlen, "%s: missing value", flag);
        return PK_EINVAL;
    }
    const char *digits = text + (text[0] == '+' || text[0] == '-');
    const size_t n = strlen(digits);
    if (!n || strspn(digits, "0123456789") != n) {
        snprintf(err, errlen, "%s: '%s' is not a non-negative integer", flag, text);
        return PK_EINVAL;
    }
    if (digits != text) { /* "-5" is negative; "-0" and "+5" are not, but signs are refused */
        const int neg = text[0] == '-' && strspn(digits, "0") < n;
        snprintf(err, errlen, "%s: '%s' %s; expected a non-negative integer%s", flag, text,
                 neg ? "is negative" : "has a sign", neg ? "" : " without one");
        return neg ? PK_ERANGE : PK_EINVAL;
    }
    errno = 0;
    unsigned long long v = strtoull(text, NULL, 10);
    if (errno == ERANGE || v > max) {
        snprintf(err, errlen, "%s: '%s' is out of range (maximum %llu)", flag, text, (unsigned long long)max);
        return PK_ERANGE;
    }
    *out = (uint64_t)v;
    return PK_OK;
}

int pk_cli_is_decimal(const char *s)
{
    size_t digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    for (; isdigit((unsigned char)*s); s++)
        digits++;
    if (*s == '.')
        for (s++; isdigit((unsigned char)*s); s++)
            digits++;
    if (digits == 0)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

int pk_cli_double(const char *flag, const char *text, double min, double max, double *out, char *err,
                  size_t errlen)
{
    if (!text || !*text) {
        snprintf(err, errlen, "%s: missing value", flag);
        return PK_EINVAL;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !pk_cli_is_decimal(text)) {
        snprintf(err, errlen, "%s: '%s' is not a number", flag, text);
        return PK_EINVAL;
    }
    if (errno == ERANGE && fabs(v) <= DBL_MIN) { /* underflow: not out of the range, but not a number held */
        snprintf(err, errlen, "%s: '%s' is too small to hold (closer to 0 than %g); give 0 or a larger value", flag,
                 text, DBL_MIN);
        return PK_ERANGE;
    }
    if (errno == ERANGE || !isfinite(v) || v < min || v > max) {
        snprintf(err, errlen, "%s: '%s' is out of range [%g, %g]", flag, text, min, max);
        return PK_ERANGE;
    }
    *out = v == 0 ? 0.0 : v; /* "-0" is 0: a context never says -0 */
    return PK_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts vals and drops repeats. */
static void sort_unique(uint64_t *vals, size_t *n)
{
    qsort(vals, *n, sizeof *vals, cmp_u64);
    size_t w = 0;
    for (size_t r = 0; r < *n; r++)
        if (w == 0 || vals[r] != vals[w - 1])
            vals[w++] = vals[r];
    *n = w;
}

/* 1 when vals is sorted without repeats (as sort_unique leaves it). */
static int sorted_unique(const uint64_t *vals, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (vals[i - 1] >= vals[i])
            return 0;
    return 1;
}

/* Appends v; a full list first drops its repeats, which count once (a value given twice runs once).
 * Once sorted, a full list is only searched: each further value costs a scan, not a sort. */
static int push(const char *flag, uint64_t v, uint64_t *vals, size_t cap, size_t *n, char *err, size_t errlen)
{
    if (*n == cap && !sorted_unique(vals, *n))
        sort_unique(vals, n);
    if (*n == cap) {
        if (bsearch(&v, vals, *n, sizeof *vals, cmp_u64))
            return PK_OK;
        snprintf(err, errlen, "%s: too many values (at most %zu)", flag, cap);
        return PK_ERANGE;
    }
    vals[(*n)++] = v;
    return PK_OK;
}

/* One comma-free term: a value or lo:hi:step. */
static int parse_term(const char *flag, char *term, uint64_t max, uint64_t *vals, size_t cap, size_t *n,
                      char *err, size_t errlen)
{
    char *c1 = strchr(term, ':');
    if (!c1) {
        uint64_t v;
        int rc = pk_cli_u64(flag, term, max, &v, err, errlen);
        return rc ? rc : push(flag, v, vals, cap, n, err, errlen);
    }
    char *c2 = strchr(c1 + 1, ':');
    if (!c2) {
        snprintf(err, errlen, "%s: range '%s' needs the form lo:hi:pow2, lo:hi:+step or lo:hi:*factor", flag, term);
        return PK_EINVAL;
    }
    *c1 = *c2 = '\0';
    uint64_t lo, hi, step = 0;
    int rc;
    if (!*term || !c1[1]) {
        snprintf(err, errlen, "%s: range '%s:%s:%s' needs a start and an end (lo:hi:step)", flag, term, c1 + 1, c2 + 1);
        return PK_EINVAL;
    }
    if ((rc = pk_cli_u64(flag, term, max, &lo, err, errlen)) || (rc = pk_cli_u64(flag, c1 + 1, max, &hi, err, errlen)))
        return rc;
    if (lo > hi) {
        snprintf(err, errlen, "%s: range start %llu exceeds its end %llu", flag, (unsigned long long)lo,
                 (unsigned long long)hi);
        return PK_EINVAL;
    }
    const char *kind = c2 + 1;
    const int pow2 = strcmp(kind, "pow2") == 0, times = kind[0] == '*';
    if (!pow2 && ((kind[0] != '+' && !times) || pk_cli_u64(flag, kind + 1, max, &step, err, errlen) != PK_OK ||
                  step <= (uint64_t)times)) {
        snprintf(err, errlen, "%s: range step '%s' must be pow2, +N (N >= 1) or *N (N >= 2)", flag, kind);
        return PK_EINVAL;
    }
    size_t made = 0; /* values the range holds (a repeat at the list's bound is not pushed) */
    uint64_t v = lo;
    if (lo == 0 && (pow2 || times)) { /* 0, then the powers from 1: 0, 1, 2, 4 or 0, 1, F, F^2 */
        if ((rc = push(flag, 0, vals, cap, n, err, errlen)))
            return rc;
        made++;
        v = 1;
        step = pow2 ? 2 : step;
    } else if (pow2) { /* the first power of 2 at or above lo; none above 2^63 */
        step = 2;
        for (v = 1; v < lo && v <= UINT64_MAX / 2;)
            v <<= 1;
    }
    while (v >= lo && v <= hi) {
        if ((rc = push(flag, v, vals, cap, n, err, errlen)))
            return rc;
        made++;
        if (kind[0] == '+' ? v > UINT64_MAX - step : v > UINT64_MAX / step)
            break; /* the next term lies beyond any 64-bit value, so beyond hi */
        v = kind[0] == '+' ? v + step : v * step;
    }
    if (made == 0) {
        snprintf(err, errlen, "%s: range '%s:%s:%s' holds no value", flag, term, c1 + 1, kind);
        return PK_EINVAL;
    }
    return PK_OK;
}

int pk_cli_u64_list(const char *flag, const char *text, uint64_t max, uint64_t *vals, size_t cap, size_t *n,
                    char *err, size_t errlen)
{
    *n = 0;
    if (!text || !*text) {
        snprintf(err, errlen, "%s: missing value", flag);
        return PK_EINVAL;
    }
    char *copy = strdup(text);
    if (!copy)
        return PK_ENOMEM;
    int rc = PK_OK;
    char *save = NULL;
    if (text[strlen(text) - 1] == ',' || text[0] == ',' || strstr(text, ",,")) {
        snprintf(err, errlen, "%s: '%s' has an empty list element", flag, text);
        rc = PK_EINVAL;
    }
    for (char *t = strtok_r(copy, ",", &save); t && rc == PK_OK; t = strtok_r(NULL, ",", &save))
        rc = parse_term(flag, t, max, vals, cap, n, err, errlen);
    free(copy);
    if (rc != PK_OK)
        return rc;
    sort_unique(vals, n);
    return PK_OK;
}

int pk_cli_name_list(const char *flag, const char *text, const char *const *allowed, int *idx, size_t cap,
                     size_t *n, char *err, size_t errlen)
{
    *n = 0;
    if (!text || !*text) {
        snprintf(err, errlen, "%s: missing value", flag);
        return PK_EINVAL;
    }
    const char *p = text;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int found = -1;
        for (int i = 0; allowed[i]; i++)
            if (strlen(allowed[i]) == len && strncmp(allowed[i], p, len) == 0)
                found = i;
        if (found < 0) {
            char list[512] = "";
            for (int i = 0; allowed[i]; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, allowed[i], sizeof list - strlen(list) - 1);
            }
            if (len == 0) /* as the number lists say it */
                snprintf(err, errlen, "%s: '%s' has an empty list element", flag, text);
            else
                snprintf(err, errlen, "%s: unknown value '%.*s' (expected one of: %s)", flag, (int)len, p, list);
            return PK_EINVAL;
        }
        int dup = 0;
        for (size_t i = 0; i < *n; i++)
            dup |= idx[i] == found;
        if (!dup) {
            if (*n == cap) {
                snprintf(err, errlen, "%s: too many values", flag);
                return PK_ERANGE;
            }
            idx[(*n)++] = found;
        }
        if (!end)
            return PK_OK;
        p = end + 1;
    }
}

/* msg with its controls escaped into out (len bytes, at least 1; 4 * strlen(msg) + 1 hold it
 * whole): a newline as the two characters \n, any other byte of a control (pk_control_len) as \xHH.
 * An escape or byte that does not fit ends it. */
static void escape_controls(const char *msg, char *out, size_t len)
{
    char *end = out + len - 1;
    size_t ctl = 0; /* bytes of the control being escaped still to come */
    for (const unsigned char *c = (const unsigned char *)msg; *c; c++) {
        char one[5] = {(char)*c, '\0'};
        if (!ctl)
            ctl = pk_control_len((const char *)c);
        if (*c == '\n')
            snprintf(one, sizeof one, "\\n");
        else if (ctl)
            snprintf(one, sizeof one, "\\x%02x", *c);
        ctl -= ctl > 0;
        size_t n = strlen(one);
        if (n > (size_t)(end - out))
            break;
        memcpy(out, one, n);
        out += n;
    }
    *out = '\0';
}

const char *pk_cli_esc(const char *s, char *buf, size_t len)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (pk_control_len((const char *)c)) {
            escape_controls(s, buf, len);
            return buf;
        }
    return s;
}

/* The message is one line whatever it echoes: a value the user gave (an argument, a file's cell)
 * can carry a newline or another control byte, which would split it or garble the terminal. */
static int vfail(const char *cmd, int exit_code, const char *fmt, va_list ap)
{
    char small[1024], esc_small[4 * sizeof small], *big = NULL, *esc = NULL;
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    if (len < 0)
        small[0] = '\0';
    else if ((size_t)len >= sizeof small && (big = malloc((size_t)len + 1)) != NULL &&
             !(esc = malloc(4 * (size_t)len + 1))) {
        free(big); /* out of memory: the message's first 1023 bytes */
        big = NULL;
    }
    if (big)
        vsnprintf(big, (size_t)len + 1, fmt, aq);
    va_end(aq);
    escape_controls(big ? big : small, big ? esc : esc_small, big ? 4 * (size_t)len + 1 : sizeof esc_small);
    fprintf(stderr, "pkbench%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", big ? esc : esc_small);
    free(big);
    free(esc);
    return exit_code;
}

int pk_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(cmd, PK_EXIT_USAGE, fmt, ap);
    va_end(ap);
    return rc;
}

int pk_cli_lock_out(const char *cmd, const char *out, struct pk_resultdir *rd)
{
    char err[PK_PATH_MAX + 256];
    if (pk_resultdir_open(rd, out, err, sizeof err) != PK_OK)
        return pk_cli_usage_error(cmd, "--out: %s", err);
    return -1;
}

int pk_cli_out_file(const char *cmd, const char *flag, const char *path)
{
    struct stat st;
    size_t len = strlen(path);
    if (!len)
        return pk_cli_usage_error(cmd, "%s: empty path", flag);
    if (path[len - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return pk_cli_usage_error(cmd, "%s: %s: is a folder; give a file name", flag, path);
    if (pk_path_gz_name(path)) /* the readers take NAME.gz; no writer makes one */
        return pk_cli_usage_error(cmd, "%s: %s: pkbench writes plain text, not gzip; give the name without .gz (and "
                                  "gzip the file after)", flag, path);
    for (const char *c = path, *end; *c; c = *end ? end + 1 : end) { /* a name no folder can hold */
        end = strchr(c, '/');
        end = end ? end : c + strlen(c);
        if ((size_t)(end - c) + (*end ? 0 : PK_AFILE_TMP_SUFFIX_MAX) > NAME_MAX)
            return pk_cli_usage_error(cmd, "%s: %s: a name in it is too long (a folder's at most %d bytes, "
                                      "the file's %d)", flag, path, NAME_MAX, NAME_MAX - PK_AFILE_TMP_SUFFIX_MAX);
    }
    pk_afile probe;
    if (pk_afile_open(&probe, path) != PK_OK) {
        int e = errno;
        if (e == ENOENT && pk_path_parent_creatable(path) == 0)
            return -1; /* its folder is made when the file is written */
        if (e == ENOENT) /* a folder to make, which cannot be: why not, not "no such file" */
            return pk_cli_usage_error(cmd, "%s: %s: cannot make its folder: %s", flag, path, strerror(errno));
        struct stat ls;
        if (e == EINVAL && lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)) /* pk_afile_open's refused links */
            return pk_cli_usage_error(cmd, "%s: %s: a link to nothing, to a descriptor (/dev/stdout) or to a file "
                                      "open on a standard stream; give the file itself", flag, path);
        return pk_cli_usage_error(cmd, "%s: %s: cannot write: %s", flag, path, strerror(e));
    }
    pk_afile_abort(&probe);
    return -1;
}

int pk_cli_out_dir(const char *cmd, const char *flag, const char *path)
{
    if (!*path)
        return pk_cli_usage_error(cmd, "%s: empty folder name", flag);
    char why[160];
    if (pk_path_creatable(path) != 0)
        return pk_cli_usage_error(cmd, "%s: %s: %s", flag, path, pk_path_mkdirs_why(path, errno, why, sizeof why));
    return -1;
}

int pk_cli_out_files(const char *cmd, const char *flag, const char *dir, const char *const *names, size_t n)
{
    char path[PK_PATH_MAX];
    int rc = pk_cli_out_dir(cmd, flag, dir);
    for (size_t i = 0; rc < 0 && i < n; i++)
        rc = pk_path_join(path, sizeof path, dir, names[i], NULL, 0) != PK_OK
                 ? pk_cli_usage_error(cmd, "%s: %s: path too long", flag, dir)
                 : pk_cli_out_file(cmd, flag, path);
    return rc;
}

int pk_cli_mkdir_out(const char *cmd, const char *flag, const char *path)
{
    char why[160];
    if (pk_path_mkdirs(path) != 0)
        return pk_cli_usage_error(cmd, "%s: %s: %s", flag, path, pk_path_mkdirs_why(path, errno, why, sizeof why));
    return -1;
}

const char *pk_cli_plain_path(const char *path, char *buf, size_t len)
{
    return path[0] == '-' && pk_path_fmt(buf, len, "./%s", path) == PK_OK ? buf : path;
}

int pk_cli_fail(const char *cmd, int exit_code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(cmd, exit_code, fmt, ap);
    va_end(ap);
    return rc;
}

void pk_cli_note(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(cmd, 0, fmt, ap);
    va_end(ap);
}

int pk_cli_exit_read(int status)
{
    return status == PK_ENOMEM ? PK_EXIT_OSERR : PK_EXIT_USAGE;
}

int pk_cli_exit_write(int status)
{
    return status == PK_ENOMEM ? PK_EXIT_OSERR : status == PK_ERANGE ? PK_EXIT_USAGE : PK_EXIT_IOERR;
}

/* The child of pk_cli_run_self, and the first signal this process got while running children. */
static volatile sig_atomic_t run_child, run_signal;
static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP};

/* The child runs in a process group of its own, so every signal reaches it once, from here. */
static void forward(int sig)
{
    if (!run_signal)
        run_signal = sig;
    if (run_child > 0)
        kill((pid_t)run_child, sig);
}

/* The child's side of the fork: its own process group, SIGTERM when this process dies (even by
 * SIGKILL), the default signal actions back and then the signal mask of before the fork (a
 * forwarded signal held pending meanwhile now ends the child, as it would have ended the step),
 * its output into log_path, then the exec. */
static void exec_child(const char *prog, char *const *full, const char *log_path, pid_t parent,
                       const sigset_t *mask)
{
    setpgid(0, 0);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (getppid() != parent)
        _exit(128 + SIGTERM); /* the parent died before the line above */
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        if (!(forwarded[i] == SIGHUP && pk_signal_ignored(SIGHUP))) /* nohup's, kept for the step */
            signal(forwarded[i], SIG_DFL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    if (log_path) {
        int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
    }
    if (prog) {
        execv(prog, full);
        _exit(127);
    }
    pk_resultdir_held_keep(1); /* a pkbench step shares the run's folder locks */
    execv("/proc/self/exe", full);
    execvp("pkbench", full);
    _exit(127);
}

int pk_cli_run_self(char *const argv[], const char *log_path)
{
    return pk_cli_run_self_watch(argv, log_path, NULL, NULL);
}

/* Waits for pid, calling tick every 200 ms while it runs. Returns 0 with its status, or PK_EIO. */
static int wait_child(pid_t pid, int *st, void (*tick)(void *ud), void *ud)
{
    for (;;) {
        pid_t w = waitpid(pid, st, tick ? WNOHANG : 0);
        if (w == pid)
            return 0;
        if (w < 0 && errno != EINTR)
            return PK_EIO;
        if (w == 0) {
            tick(ud);
            struct timespec ts = {0, 200 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
}

int pk_cli_run_interrupted(void)
{
    return run_signal;
}

/* Runs prog (NULL: this binary) with full as its argv, its signals forwarded (see cli.h). */
static int run_forwarding(const char *prog, char *const *full, const char *log_path, void (*tick)(void *ud),
                          void *ud)
{
    if (run_signal) /* stopped between two steps: start no other */
        return 128 + run_signal;
    struct sigaction fw = {.sa_handler = forward, .sa_flags = SA_RESTART}, old[3];
    sigemptyset(&fw.sa_mask);
    for (size_t i = 0; i < 3; i++) /* an ignored SIGHUP (nohup) stays so, here and in the child */
        sigaction(forwarded[i], forwarded[i] == SIGHUP && pk_signal_ignored(SIGHUP) ? NULL : &fw, &old[i]);
    fflush(NULL);
    /* The forwarded signals are held from before the fork until the child has its default
     * actions back and this side knows the child: one that came in between used to be taken by
     * the child's copy of forward() and lost at the exec, and the step ran to its end. */
    sigset_t hold, mask;
    sigemptyset(&hold);
    for (size_t i = 0; i < 3; i++)
        sigaddset(&hold, forwarded[i]);
    sigprocmask(SIG_BLOCK, &hold, &mask);
    const int early = run_signal; /* came before the hold: forward() had no child to pass it to */
    pid_t parent = getpid(), pid = fork();
    if (pid == 0)
        exec_child(prog, full, log_path, parent, &mask);
    int st = 0, rc = pid < 0 ? PK_EIO : 0;
    if (pid > 0) {
        setpgid(pid, pid); /* also here, so that no signal finds the child still in ours */
        run_child = pid;
    }
    sigprocmask(SIG_SETMASK, &mask, NULL); /* a held signal now reaches forward(), and the child */
    if (pid > 0) {
        if (early)
            kill(pid, early);
        rc = wait_child(pid, &st, tick, ud);
        run_child = 0;
    }
    for (size_t i = 0; i < 3; i++)
        sigaction(forwarded[i], &old[i], NULL);
    if (rc != 0)
        return rc;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int pk_cli_run_self_watch(char *const argv[], const char *log_path, void (*tick)(void *ud), void *ud)
{
    size_t n = 0;
    while (argv[n])
        n++;
    char **full = calloc(n + 2, sizeof *full);
    if (!full)
        return PK_ENOMEM;
    full[0] = (char *)"pkbench";
    memcpy(full + 1, argv, n * sizeof *full);
    int rc = run_forwarding(NULL, full, log_path, tick, ud);
    free(full);
    return rc;
}

int pk_cli_run_program(const char *prog, char *const argv[], const char *log_path)
{
    return run_forwarding(prog, argv, log_path, NULL, NULL);
}
