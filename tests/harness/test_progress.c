/* Invariant: progress times read m:ss below an hour and h:mm:ss above; the ETA is the remaining
 * steps at the average pace so far and is left out before the first step is done, without a
 * total, or past it; a line that stays names its step of the total (or the step alone past the
 * total) and ends with the times; off a terminal the status line prints nothing, and on one
 * (PKBENCH_PROGRESS=tty) it redraws in place ("\r", erase line) and is cleared; a status line
 * longer than the terminal (100 columns where the stream is none) is cut short of its width, so
 * that it never wraps, at a UTF-8 character boundary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/progress.h"
#include "tests/pk_test.h"

static char *read_all(FILE *f)
{
    static char buf[4096];
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    return buf;
}

int main(void)
{
    char b[64];
    PK_CHECK_STR(pk_progress_clock(b, sizeof b, 0), "0:00");
    PK_CHECK_STR(pk_progress_clock(b, sizeof b, 65.4), "1:05");
    PK_CHECK_STR(pk_progress_clock(b, sizeof b, 3599.6), "1:00:00");
    PK_CHECK_STR(pk_progress_clock(b, sizeof b, 3725), "1:02:05");
    PK_CHECK_STR(pk_progress_clock(b, sizeof b, -1), "?");
    PK_CHECK_STR(pk_progress_times(b, sizeof b, 30, 0, 10), "elapsed 0:30");
    PK_CHECK_STR(pk_progress_times(b, sizeof b, 30, 3, 10), "elapsed 0:30, ETA 1:10");
    PK_CHECK_STR(pk_progress_times(b, sizeof b, 30, 10, 10), "elapsed 0:30, ETA 0:00");
    PK_CHECK_STR(pk_progress_times(b, sizeof b, 30, 11, 10), "elapsed 0:30");
    PK_CHECK_STR(pk_progress_times(b, sizeof b, 30, 3, 0), "elapsed 0:30");

    pk_progress p;
    FILE *f = tmpfile();
    PK_CHECK(f != NULL);
    if (!f)
        return pk_test_done("harness.progress");
    setenv("PKBENCH_PROGRESS", "plain", 1);
    pk_progress_start(&p, f, "pkbench x: ", 4);
    PK_CHECK(p.tty == 0);
    pk_progress_status(&p, 0, 1, "status %d", 1);
    pk_progress_line(&p, 2, 1, "step %s", "two");
    pk_progress_line(&p, 5, 5, "repeat");
    char *out = read_all(f);
    const char *l1 = "pkbench x: [2/4] step two (elapsed ", *l2 = "\npkbench x: [5] repeat (elapsed ";
    PK_CHECK(strncmp(out, l1, strlen(l1)) == 0 && strstr(out, ", ETA ") != NULL);
    PK_CHECK(strstr(out, l2) != NULL && strstr(strstr(out, l2), "ETA") == NULL);
    PK_CHECK(strstr(out, "status") == NULL);
    fclose(f);

    f = tmpfile();
    PK_CHECK(f != NULL);
    if (!f)
        return pk_test_done("harness.progress");
    setenv("PKBENCH_PROGRESS", "tty", 1);
    pk_progress_start(&p, f, "", 3);
    PK_CHECK(p.tty == 1);
    pk_progress_status(&p, 1, 1, "now %s", "measuring");
    pk_progress_clear(&p);
    out = read_all(f);
    const char *l3 = "\r\033[K[2/3] elapsed ";
    PK_CHECK(strncmp(out, l3, strlen(l3)) == 0 && strstr(out, ", ETA ") != NULL);
    PK_CHECK(strstr(out, " | now measuring\r\033[K") != NULL);
    fclose(f);

    f = tmpfile(); /* 150 two-byte characters: cut inside one unless the cut keeps to boundaries */
    PK_CHECK(f != NULL);
    if (!f)
        return pk_test_done("harness.progress");
    pk_progress_start(&p, f, "", 3);
    char wide[301] = "";
    for (int i = 0; i < 150; i++)
        strcat(wide, "\xc2\xb5");
    for (int odd = 0; odd < 2; odd++) { /* the cut falls after both an even and an odd prefix */
        rewind(f);
        PK_CHECK(ftruncate(fileno(f), 0) == 0);
        pk_progress_status(&p, 1, 1, "%s%s", odd ? "x" : "", wide);
        fflush(f);
        out = read_all(f);
        PK_CHECK(strncmp(out, "\r\033[K", 4) == 0);
        const char *line = out + 4;
        const size_t n = strcspn(line, "\r");
        PK_CHECK(n <= 99 && n >= 98);
        PK_CHECK(n > 0 && (unsigned char)line[n - 1] == 0xb5); /* a whole character last */
        printf("a status line of %zu bytes cut to %zu\n", strlen(wide) + (size_t)odd + 40, n);
    }
    fclose(f);
    return pk_test_done("harness.progress");
}
