/* Acceptance program: malloc, qsort, printf with floats, libm; exits with code 3
 * so callers can check that the exit code passes through. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    int n = 10;
    double *v = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++)
        v[i] = sin(i * 1.3) * 100.0;
    qsort(v, n, sizeof(double), cmp);
    for (int i = 0; i < n; i++)
        printf("%d: %.4f\n", i, v[i]);
    printf("sqrt(2)=%.10f exp(1)=%.10f pow(2,0.5)=%g\n", sqrt(2.0), exp(1.0), pow(2, 0.5));
    printf("atan2=%.6f log10=%.6f fmod=%.3f\n", atan2(1.0, 2.0), log10(12345.0), fmod(10.5, 3.0));
    free(v);
    return 3;
}
