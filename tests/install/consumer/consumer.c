/* Out-of-tree program using the installed policy: exits 0 only if the seed's example verdict
 * and the equal-cost boundary come out as the seed says. */
#include <pkbench/policy.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[64];
    pk_policy_inputs example = {100, 5000, 1000, 50000};
    pk_decision_format(pk_decide_persistent_kernel(example), buf, sizeof buf);
    pk_policy_inputs boundary = {10, 5000, 1000, 50000};
    pk_decision b = pk_decide_persistent_kernel(boundary);
    if (strcmp(buf, "persistent-kernel:450000") != 0 || b.kind != PK_DECISION_STANDARD_LAUNCHES) {
        fprintf(stderr, "consumer: unexpected verdicts (%s)\n", buf);
        return 1;
    }
    printf("consumer: %s\n", buf);
    return 0;
}
