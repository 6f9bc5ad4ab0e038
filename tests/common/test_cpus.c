/* Invariant: the host loop's CPUs come from the caller's affinity mask: the lowest CPU for the
 * host thread and the lowest CPU on another core for the workers, an SMT sibling only when the
 * mask allows nothing else (the topology read from thread_siblings_list, in "0,2" and "0-1"
 * forms), and nothing pinned, with the reason, when the mask holds one CPU. The choice among
 * three CPUs, where the machine has fewer, is checked from a list (pk_cpu_plan_from). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cpus.h"
#include "pk_test.h"

static char dir[64];

/* Writes dir/cpuN/topology/thread_siblings_list. */
static void siblings(int cpu, const char *list)
{
    char path[256];
    snprintf(path, sizeof path, "%s/cpu%d", dir, cpu);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/cpu%d/topology", dir, cpu);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/cpu%d/topology/thread_siblings_list", dir, cpu);
    FILE *f = fopen(path, "w");
    PK_CHECK(f != NULL);
    if (f) {
        fprintf(f, "%s\n", list);
        fclose(f);
    }
}

static void allow(const int *cpus, int n)
{
    cpu_set_t cs;
    CPU_ZERO(&cs);
    for (int i = 0; i < n; i++)
        CPU_SET(cpus[i], &cs);
    PK_CHECK(sched_setaffinity(0, sizeof cs, &cs) == 0);
}

int main(void)
{
    cpu_set_t orig;
    PK_CHECK(sched_getaffinity(0, sizeof orig, &orig) == 0);
    int c[3], have = 0;
    for (int i = 0; i < CPU_SETSIZE && have < 3; i++)
        if (CPU_ISSET(i, &orig))
            c[have++] = i;
    snprintf(dir, sizeof dir, "pkb_cpus_XXXXXX");
    PK_CHECK(mkdtemp(dir) != NULL);
    pk_cpu_plan p;
    char buf[64], want[64];

    /* One CPU: nothing pinned, and the reason names it. */
    allow(c, 1);
    pk_cpu_plan_make(&p, dir);
    PK_CHECK(p.n == 0 && p.allowed == 1);
    snprintf(want, sizeof want, "nothing pinned: 1 CPU in the affinity mask (CPU %d)", c[0]);
    PK_CHECK(strstr(p.why, want) == p.why);
    pk_cpu_plan_list(&p, buf, sizeof buf);
    PK_CHECK_STR(buf, "");

    if (have >= 2) {
        /* Two CPUs on two cores (no topology files at all count as distinct cores too). */
        allow(c, 2);
        pk_cpu_plan_make(&p, dir);
        PK_CHECK(p.n == 2 && p.cpu[0] == c[0] && p.cpu[1] == c[1] && !p.siblings);
        PK_CHECK(strstr(p.why, "distinct cores") != NULL);
        snprintf(want, sizeof want, "%d,%d", c[0], c[1]);
        pk_cpu_plan_list(&p, buf, sizeof buf);
        PK_CHECK_STR(buf, want);
        /* The same two as SMT siblings, in list form: used, and said. */
        snprintf(buf, sizeof buf, "%d,%d", c[0], c[1]);
        siblings(c[0], buf);
        siblings(c[1], buf);
        pk_cpu_plan_make(&p, dir);
        PK_CHECK(p.n == 2 && p.cpu[1] == c[1] && p.siblings);
        PK_CHECK(strstr(p.why, "SMT siblings") != NULL);
        /* Range form: the two as its ends, and the second inside a range. */
        if (c[1] == c[0] + 1) {
            snprintf(buf, sizeof buf, "%d-%d", c[0], c[1]);
            siblings(c[0], buf);
            siblings(c[1], buf);
            pk_cpu_plan_make(&p, dir);
            PK_CHECK(p.n == 2 && p.siblings);
        }
        snprintf(buf, sizeof buf, "%d-%d", c[0], c[1] + 1); /* the second's own file says nothing */
        siblings(c[0], buf);
        siblings(c[1], "999");
        pk_cpu_plan_make(&p, dir);
        PK_CHECK(p.n == 2 && p.cpu[1] == c[1] && p.siblings);
        snprintf(buf, sizeof buf, "%d,%d", c[0], c[1]); /* as before, for a third CPU below */
        siblings(c[0], buf);
        siblings(c[1], buf);
    }
    if (have >= 3) {
        /* A third CPU on its own core is preferred to the host's sibling. */
        siblings(c[2], "999");
        allow(c, 3);
        pk_cpu_plan_make(&p, dir);
        PK_CHECK(p.n == 2 && p.cpu[0] == c[0] && p.cpu[1] == c[2] && !p.siblings);
    }
    /* The same rules from a list of CPUs, on any machine (CPUs 500-503 need not exist: only
     * their topology files are read): 500 and 501 are siblings, 502 its own core, 503 a sibling
     * of 502 known from 503's file alone. */
    siblings(500, "500-501");
    siblings(501, "500-501");
    siblings(502, "502");
    siblings(503, "502,503");
    const int own[] = {500, 501, 502}, pair[] = {500, 501}, late[] = {502, 503}, one[] = {501};
    pk_cpu_plan_from(&p, own, 3, dir); /* the host's sibling passed over for a core of its own */
    PK_CHECK(p.n == 2 && p.cpu[0] == 500 && p.cpu[1] == 502 && !p.siblings && p.allowed == 3);
    PK_CHECK(strstr(p.why, "host thread on CPU 500, workers on CPU 502 (distinct cores; 3 CPUs allowed)") == p.why);
    pk_cpu_plan_from(&p, pair, 2, dir); /* only a sibling: taken, and said */
    PK_CHECK(p.n == 2 && p.cpu[1] == 501 && p.siblings && strstr(p.why, "SMT siblings") != NULL);
    pk_cpu_plan_from(&p, late, 2, dir); /* siblings by the second CPU's file */
    PK_CHECK(p.n == 2 && p.cpu[1] == 503 && p.siblings);
    pk_cpu_plan_from(&p, one, 1, dir);
    PK_CHECK(p.n == 0 && p.allowed == 1);
    PK_CHECK(strstr(p.why, "nothing pinned: 1 CPU in the affinity mask (CPU 501)") == p.why);
    pk_cpu_plan_from(&p, own, 0, dir);
    PK_CHECK(p.n == 0 && p.allowed == 0 && strstr(p.why, "nothing pinned: 0 CPU") == p.why);
    PK_CHECK(sched_setaffinity(0, sizeof orig, &orig) == 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    PK_CHECK(system(cmd) == 0);
    return pk_test_done("common.cpus");
}
