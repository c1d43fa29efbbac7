/* Dense matrix multiply benchmark (double, i-k-j loop order).
 * Usage: bench-matmul [n]  (default 256). Prints the trace and a checksum. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 256;
    double *a = malloc(sizeof(double) * n * n);
    double *b = malloc(sizeof(double) * n * n);
    double *c = calloc((size_t)n * n, sizeof(double));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            a[i * n + j] = sin(i + 0.5 * j);
            b[i * n + j] = cos(0.25 * i - j);
        }
    for (int rep = 0; rep < 3; rep++)
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++)
                    c[i * n + j] += aik * b[k * n + j];
            }
    double trace = 0, sum = 0;
    for (int i = 0; i < n; i++)
        trace += c[i * n + i];
    for (int i = 0; i < n * n; i++)
        sum += fabs(c[i]);
    printf("n=%d trace=%.6f abssum=%.6f\n", n, trace, sum);
    free(a);
    free(b);
    free(c);
    return 0;
}
