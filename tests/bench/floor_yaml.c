/*
 * The floor `make bench` measures check against: what reading a repository's YAML records costs
 * with nothing done to them. It walks the folder as check does (sorted, hidden entries skipped),
 * reads each .yaml/.yml file in one go and runs libyaml's event parser over it, discarding the
 * events. Whatever check takes beyond this is clausecheck's own cost.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static unsigned long records, events;

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static int is_record(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static void parse(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(name);
        exit(2);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    ssize_t n = read(fd, buf, (size_t)st.st_size + 1);
    close(fd);
    if (!buf || n < 0) {
        perror(name);
        exit(2);
    }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, (size_t)n);
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            fprintf(stderr, "%s: %s\n", name, p.problem ? p.problem : "parse error");
            exit(2);
        }
        int done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
        events++;
        if (done)
            break;
    }
    yaml_parser_delete(&p);
    free(buf);
    records++;
}

static void walk(int parent, const char *path, const char *name)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        perror(path);
        exit(2);
    }
    struct dirent **list;
    int n = scandir(path, &list, NULL, by_name);
    for (int i = 0; i < n; i++) {
        const char *entry = list[i]->d_name;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, entry);
        if (entry[0] != '.') {
            if (list[i]->d_type == DT_DIR)
                walk(fd, sub, entry);
            else if (list[i]->d_type == DT_REG && is_record(entry))
                parse(fd, entry);
        }
        free(list[i]);
    }
    free(list);
    close(fd);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: floor_yaml DIR...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        walk(AT_FDCWD, argv[i], argv[i]);
    printf("%lu records, %lu events\n", records, events);
    return 0;
}
