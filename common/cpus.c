/* The CPUs of the host loop (see cpus.h). */
#define _GNU_SOURCE /* sched_getaffinity, CPU_* */
#include "common/cpus.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/status.h"

/* 1 when CPU b is listed in CPU a's thread_siblings_list ("0,8" or "0-1"); 0 when not or
 * unknown (no topology: every CPU is its own core). */
static int are_siblings(const char *dir, int a, int b)
{
    char path[512], line[256];
    snprintf(path, sizeof path, "%s/cpu%d/topology/thread_siblings_list", dir, a);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char *ok = fgets(line, sizeof line, f);
    fclose(f);
    if (!ok)
        return 0;
    for (char *s = line; *s && *s != '\n';) {
        char *end;
        long lo = strtol(s, &end, 10), hi = lo;
        if (end == s)
            return 0;
        if (*end == '-')
            hi = strtol(end + 1, &end, 10);
        if (b >= lo && b <= hi)
            return 1;
        s = *end == ',' ? end + 1 : end;
        if (*end != ',')
            break;
    }
    return 0;
}

void pk_cpu_plan_from(pk_cpu_plan *p, const int *cpus, int ncpus, const char *topology_dir)
{
    const char *dir = topology_dir ? topology_dir : "/sys/devices/system/cpu";
    memset(p, 0, sizeof *p);
    p->allowed = ncpus;
    int host = -1, worker = -1, sibling = -1;
    for (int i = 0; i < ncpus && worker < 0; i++) {
        const int c = cpus[i];
        if (host < 0)
            host = c;
        else if (!are_siblings(dir, host, c) && !are_siblings(dir, c, host))
            worker = c;
        else if (sibling < 0)
            sibling = c;
    }
    if (worker < 0 && sibling >= 0) {
        worker = sibling;
        p->siblings = 1;
    }
    if (host < 0 || worker < 0) {
        snprintf(p->why, sizeof p->why,
                 "nothing pinned: %d CPU in the affinity mask (CPU %d): the host thread and the workers share it",
                 p->allowed, host);
        return;
    }
    p->n = 2;
    p->cpu[0] = host;
    p->cpu[1] = worker;
    snprintf(p->why, sizeof p->why, "host thread on CPU %d, workers on CPU %d (%s; %d CPUs allowed)", host, worker,
             p->siblings ? "SMT siblings: no other core is allowed" : "distinct cores", p->allowed);
}

void pk_cpu_plan_make(pk_cpu_plan *p, const char *topology_dir)
{
    cpu_set_t cs;
    if (sched_getaffinity(0, sizeof cs, &cs) != 0) {
        memset(p, 0, sizeof *p);
        snprintf(p->why, sizeof p->why, "nothing pinned: the affinity mask cannot be read");
        return;
    }
    int cpus[CPU_SETSIZE];
    int n = 0;
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &cs))
            cpus[n++] = c;
    pk_cpu_plan_from(p, cpus, n, topology_dir);
}

int pk_cpu_pin_self(int cpu)
{
    cpu_set_t cs;
    CPU_ZERO(&cs);
    CPU_SET(cpu, &cs);
    return sched_setaffinity(0, sizeof cs, &cs) == 0 ? PK_OK : PK_EINVAL;
}

void pk_cpu_plan_list(const pk_cpu_plan *p, char *buf, size_t len)
{
    if (p->n == 2)
        snprintf(buf, len, "%d,%d", p->cpu[0], p->cpu[1]);
    else if (len)
        buf[0] = '\0';
}
