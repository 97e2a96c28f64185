/* Replays fuzz corpus files through a fuzz target without libFuzzer (part of make test). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            failed = 1;
            continue;
        }
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        rewind(f);
        uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
        if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len)
            LLVMFuzzerTestOneInput(buf, (size_t)len);
        free(buf);
        fclose(f);
    }
    printf("replayed %d corpus files\n", argc - 1);
    return failed;
}
