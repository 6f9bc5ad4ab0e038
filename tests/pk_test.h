/* Minimal test helpers: checks that print both operands on failure, and a summary exit code. */
#ifndef PK_TEST_H
#define PK_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int pk_test_failures;
static int pk_test_checks;

#define PK_CHECK(cond)                                                                   \
    do {                                                                                 \
        pk_test_checks++;                                                                \
        if (!(cond)) {                                                                   \
            pk_test_failures++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

#define PK_CHECK_U64(a, b)                                                               \
    do {                                                                                 \
        uint64_t pk_a_ = (uint64_t)(a), pk_b_ = (uint64_t)(b);                           \
        pk_test_checks++;                                                                \
        if (pk_a_ != pk_b_) {                                                            \
            pk_test_failures++;                                                          \
            fprintf(stderr, "%s:%d: %s == %s failed: %" PRIu64 " != %" PRIu64 "\n",      \
                    __FILE__, __LINE__, #a, #b, pk_a_, pk_b_);                           \
        }                                                                                \
    } while (0)

#define PK_CHECK_STR(a, b)                                                               \
    do {                                                                                 \
        const char *pk_a_ = (a), *pk_b_ = (b);                                           \
        pk_test_checks++;                                                                \
        if (strcmp(pk_a_, pk_b_) != 0) {                                                 \
            pk_test_failures++;                                                          \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n",                \
                    __FILE__, __LINE__, #a, #b, pk_a_, pk_b_);                           \
        }                                                                                \
    } while (0)

#define PK_CHECK_NEAR(a, b, tol)                                                         \
    do {                                                                                 \
        double pk_a_ = (double)(a), pk_b_ = (double)(b), pk_t_ = (double)(tol);          \
        pk_test_checks++;                                                                \
        if (!(pk_a_ - pk_b_ <= pk_t_ && pk_b_ - pk_a_ <= pk_t_)) {                       \
            pk_test_failures++;                                                          \
            fprintf(stderr, "%s:%d: |%s - %s| <= %g failed: %.17g vs %.17g\n",           \
                    __FILE__, __LINE__, #a, #b, pk_t_, pk_a_, pk_b_);                    \
        }                                                                                \
    } while (0)

/* Ends a test's main: prints the tally and returns 1 if any check failed or none ran. */
static inline int pk_test_done(const char *name)
{
    if (pk_test_checks == 0) {
        fprintf(stderr, "%s: no checks ran\n", name);
        return 1;
    }
    printf("%s: %d checks, %d failed\n", name, pk_test_checks, pk_test_failures);
    return pk_test_failures ? 1 : 0;
}

#endif
