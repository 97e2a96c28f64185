/* Unit tests for evidence_file: confinement beneath the root, file types, hashing, path validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "evidence_file.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

/* Layout: <tmp>/root is the repository, <tmp>/outside holds what must stay unreachable. */
static struct {
    char tmp[64];
    char root_dir[128];
    ck_evfile_root root;
    int have_devnode;
} g;

static void put_file(const char *rel, const char *data, size_t len)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", g.tmp, rel);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static void put_dir(const char *rel)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", g.tmp, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void put_link(const char *target, const char *rel)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", g.tmp, rel);
    assert_int_equal(symlink(target, p), 0);
}

/* Removes without following links: a test tree full of escaping links must not take anything else with it. */
static void rm_tree(int at, const char *name)
{
    struct stat st;
    if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            DIR *d = fdopendir(fd);
            if (d) {
                struct dirent *e;
                while ((e = readdir(d)) != NULL)
                    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                        rm_tree(dirfd(d), e->d_name);
                closedir(d);
            } else {
                close(fd);
            }
        }
        unlinkat(at, name, AT_REMOVEDIR);
    } else {
        unlinkat(at, name, 0);
    }
}

static int group_setup(void **state)
{
    (void)state;
    strcpy(g.tmp, "/tmp/ck_evfile_XXXXXX");
    if (!mkdtemp(g.tmp))
        return -1;
    snprintf(g.root_dir, sizeof g.root_dir, "%s/root", g.tmp);

    put_dir("outside");
    put_file("outside/secret", "secret", 6);
    put_dir("root");
    put_file("root/abc.txt", "abc", 3);
    put_file("root/empty.txt", "", 0);
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    put_file("root/million.txt", million, 1000000);
    free(million);
    put_dir("root/sub");
    put_dir("root/sub/deeper");
    put_file("root/sub/file", "abc", 3);
    put_file("root/noperm.txt", "abc", 3);

    put_link("sub/file", "root/link_in");
    put_link("link_in", "root/link_chain");
    put_link("../abc.txt", "root/sub/up");
    put_link("sub", "root/sub_link");
    put_link(".", "root/dot_link");
    put_link("..", "root/up_link");
    put_link("/etc/passwd", "root/passwd_link");
    put_link("../../outside/secret", "root/sub/esc");
    put_link("../../root/abc.txt", "root/sub/reenter");
    put_link("../outside", "root/ext_dir");
    put_link("/etc", "root/etc_dir");
    put_link("loop_b", "root/loop_a");
    put_link("loop_a", "root/loop_b");
    put_link("self", "root/self");
    put_link("grow/x", "root/grow");
    put_link("nowhere", "root/dangling");
    put_link("fifo", "root/fifo_link");
    put_link("/dev/null", "root/null_link");
    put_link("sub", "root/sub_dir_link");

    /* c0 needs one expansion, c39 exactly the allowed 40, c40 one too many. */
    put_link("abc.txt", "root/c0");
    for (int i = 1; i <= 40; i++) {
        char target[16], rel[32];
        snprintf(target, sizeof target, "c%d", i - 1);
        snprintf(rel, sizeof rel, "root/c%d", i);
        put_link(target, rel);
    }

    /* A long but legal target: 1500 "./" then the name, 3003 bytes. */
    static char longt[3100];
    size_t o = 0;
    for (int i = 0; i < 1500; i++) {
        longt[o++] = '.';
        longt[o++] = '/';
    }
    strcpy(longt + o, "sub");
    put_link(longt, "root/long_dir_link");

    char p[256];
    snprintf(p, sizeof p, "%s/root/fifo", g.tmp);
    if (mkfifo(p, 0644) != 0)
        return -1;

    snprintf(p, sizeof p, "%s/root/sock", g.tmp);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (s < 0 || strlen(p) >= sizeof sa.sun_path)
        return -1;
    strcpy(sa.sun_path, p);
    if (bind(s, (struct sockaddr *)&sa, sizeof sa) != 0)
        return -1;
    close(s);

    /* Needs CAP_MKNOD; the device case is skipped where it is not granted. */
    snprintf(p, sizeof p, "%s/root/null_dev", g.tmp);
    g.have_devnode = mknod(p, S_IFCHR | 0666, makedev(1, 3)) == 0;

    snprintf(p, sizeof p, "%s/root/noperm.txt", g.tmp);
    chmod(p, 0);

    return ck_evfile_root_open(&g.root, g.root_dir);
}

static int group_teardown(void **state)
{
    (void)state;
    ck_evfile_root_close(&g.root);
    rm_tree(AT_FDCWD, g.tmp);
    return 0;
}

static ck_evfile_status check(const char *path, const char *expected, ck_evfile_result *r)
{
    return ck_evfile_check(&g.root, path, expected, r);
}

#define EXPECT(path, want)                                                                       \
    do {                                                                                           \
        ck_evfile_result r_;                                                                       \
        ck_evfile_status s_ = check((path), NULL, &r_);                                            \
        if (s_ != (want))                                                                        \
            print_error("path '%s': got %s (%s)\n", (path), ck_evfile_status_name(s_), r_.detail); \
        assert_int_equal(s_, (want));                                                              \
        assert_int_equal(r_.status, (want));                                                       \
    } while (0)

/* --- names and roots --- */

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_OK), "ok");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_MISSING), "missing");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_OUTSIDE_ROOT), "outside-root");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_NOT_REGULAR), "not-regular");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_UNREADABLE), "unreadable");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_HASH_MISMATCH), "hash-mismatch");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_CHANGED), "changed");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_BAD_PATH), "bad-path");
    assert_string_equal(ck_evfile_status_name(CK_EVFILE_TOO_LARGE), "too-large");
    assert_string_equal(ck_evfile_status_name((ck_evfile_status)99), "unknown");
}

static void test_root_open_errors(void **state)
{
    (void)state;
    ck_evfile_root r;
    char p[256];
    snprintf(p, sizeof p, "%s/no-such-dir", g.tmp);
    errno = 0;
    assert_int_equal(ck_evfile_root_open(&r, p), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(r.root_fd, -1);
    assert_null(r.root_path);
    snprintf(p, sizeof p, "%s/outside/secret", g.tmp);
    assert_int_equal(ck_evfile_root_open(&r, p), -1);
    assert_int_equal(errno, ENOTDIR);
    ck_evfile_root_close(&r); /* closing a failed root is harmless */

    assert_int_equal(ck_evfile_root_open(&r, g.root_dir), 0);
    assert_string_equal(r.root_path, g.root_dir);
    ck_evfile_root_close(&r);
    ck_evfile_root_close(&r);
    assert_int_equal(r.root_fd, -1);

    ck_evfile_result res;
    assert_int_equal(ck_evfile_check(&r, "abc.txt", NULL, &res), CK_EVFILE_UNREADABLE);
    assert_int_equal(ck_evfile_check(NULL, "abc.txt", NULL, &res), CK_EVFILE_UNREADABLE);
    /* out may be NULL when only the status matters */
    assert_int_equal(ck_evfile_check(&g.root, "abc.txt", NULL, NULL), CK_EVFILE_OK);
}

/* --- hashing --- */

static void test_ok_hash(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("abc.txt", SHA_ABC, &r), CK_EVFILE_OK);
    assert_string_equal(r.sha256_hex, SHA_ABC);
    assert_int_equal(r.size, 3);
    assert_string_equal(r.detail, "");
    /* unpinned: found and classified, not read */
    assert_int_equal(check("abc.txt", NULL, &r), CK_EVFILE_OK);
    assert_string_equal(r.sha256_hex, "");
    assert_int_equal(r.size, 3);
    /* asked to hash without an expected value */
    assert_int_equal(ck_evfile_hash_n(&g.root, "abc.txt", 7, &r), CK_EVFILE_OK);
    assert_string_equal(r.sha256_hex, SHA_ABC);
}

static void test_uppercase_expected(void **state)
{
    (void)state;
    ck_evfile_result r;
    char upper[65];
    for (int i = 0; i < 65; i++)
        upper[i] = (char)((SHA_ABC[i] >= 'a' && SHA_ABC[i] <= 'f') ? SHA_ABC[i] - 32 : SHA_ABC[i]);
    assert_int_equal(check("abc.txt", upper, &r), CK_EVFILE_OK);
    assert_string_equal(r.sha256_hex, SHA_ABC); /* reported lower-case regardless */
}

static void test_hash_mismatch(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("abc.txt", SHA_EMPTY, &r), CK_EVFILE_HASH_MISMATCH);
    assert_string_equal(r.sha256_hex, SHA_ABC); /* the actual hash, for the report */
    assert_int_equal(r.size, 3);
    assert_true(strlen(r.detail) > 0);
}

/* ck_evfile_read_n: the same walk, and the bytes that were hashed. */
static void test_read_bytes(void **state)
{
    (void)state;
    ck_evfile_result r;
    ck_evfile_bytes b;
    assert_int_equal(ck_evfile_read_n(&g.root, "abc.txt", 7, NULL, 3, &r, &b), CK_EVFILE_OK);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "abc", 4); /* NUL-terminated */
    assert_string_equal(r.sha256_hex, SHA_ABC);
    ck_evfile_bytes_free(&b);
    assert_null(b.data);
    /* a changed file is still handed back, with its actual hash */
    assert_int_equal(ck_evfile_read_n(&g.root, "abc.txt", 7, SHA_EMPTY, 3, &r, &b), CK_EVFILE_HASH_MISMATCH);
    assert_memory_equal(b.data, "abc", 3);
    assert_string_equal(r.sha256_hex, SHA_ABC);
    ck_evfile_bytes_free(&b);
    /* one byte over the limit: refused from its size, nothing read */
    assert_int_equal(ck_evfile_read_n(&g.root, "abc.txt", 7, NULL, 2, &r, &b), CK_EVFILE_TOO_LARGE);
    assert_string_equal(r.detail, "'abc.txt' is 3 bytes, over the limit of 2");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    /* confinement is the same walk */
    assert_int_equal(ck_evfile_read_n(&g.root, "../outside/secret", 17, NULL, 100, &r, &b), CK_EVFILE_OUTSIDE_ROOT);
    assert_null(b.data);
    assert_int_equal(ck_evfile_read_n(&g.root, "empty.txt", 9, NULL, 0, &r, &b), CK_EVFILE_OK);
    assert_int_equal(b.len, 0);
    assert_non_null(b.data);
    ck_evfile_bytes_free(&b);
}

static void test_malformed_expected(void **state)
{
    (void)state;
    ck_evfile_result r;
    /* one digit short, one too many, non-hex: none can match, none may crash */
    assert_int_equal(check("abc.txt", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", &r),
                     CK_EVFILE_HASH_MISMATCH);
    assert_int_equal(check("abc.txt", SHA_ABC "0", &r), CK_EVFILE_HASH_MISMATCH);
    assert_int_equal(check("abc.txt", "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", &r),
                     CK_EVFILE_HASH_MISMATCH);
    assert_int_equal(check("abc.txt", "", &r), CK_EVFILE_HASH_MISMATCH);
    assert_non_null(strstr(r.detail, "64 hex"));
}

static void test_empty_and_large_files(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("empty.txt", SHA_EMPTY, &r), CK_EVFILE_OK);
    assert_int_equal(r.size, 0);
    /* spans many 64 KiB reads */
    assert_int_equal(check("million.txt", SHA_MILLION_A, &r), CK_EVFILE_OK);
    assert_int_equal(r.size, 1000000);
}

/* A pseudo-file reports size 0 yet yields bytes: exactly the inconsistency CHANGED exists for. */
static void test_changed_size(void **state)
{
    (void)state;
    ck_evfile_root proc;
    if (ck_evfile_root_open(&proc, "/proc/self") != 0)
        skip();
    ck_evfile_result r;
    assert_int_equal(ck_evfile_hash_n(&proc, "status", 6, &r), CK_EVFILE_CHANGED);
    assert_string_equal(r.sha256_hex, "");
    ck_evfile_root_close(&proc);
}

/* --- missing --- */

static void test_missing(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("nope.pdf", NULL, &r), CK_EVFILE_MISSING);
    assert_string_equal(r.sha256_hex, "");
    assert_int_equal(r.size, -1);
    assert_non_null(strstr(r.detail, "nope.pdf"));
    EXPECT("nodir/x.pdf", CK_EVFILE_MISSING);
    EXPECT("sub/nodir/x.pdf", CK_EVFILE_MISSING);
    EXPECT("abc.txt/x", CK_EVFILE_MISSING); /* a file used as a folder */
    EXPECT("dangling", CK_EVFILE_MISSING);
    /* ".." is physical: the folder must exist before it can be left */
    EXPECT("nodir/../abc.txt", CK_EVFILE_MISSING);
}

/* --- confinement --- */

static void test_absolute_path(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/abc.txt", g.root_dir); /* even one naming a file inside */
    EXPECT(p, CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("/etc/passwd", CK_EVFILE_OUTSIDE_ROOT);
}

static void test_dotdot_escapes(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("../outside/secret", NULL, &r), CK_EVFILE_OUTSIDE_ROOT);
    assert_string_equal(r.sha256_hex, "");
    EXPECT("../x", CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("..", CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("sub/../../x", CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("sub/deeper/../../../outside/secret", CK_EVFILE_OUTSIDE_ROOT);
    /* leaving and coming back in is still an excursion */
    EXPECT("../root/abc.txt", CK_EVFILE_OUTSIDE_ROOT);
    /* the link is harmless; the user's own ".." escaped, and the message must say so */
    assert_int_equal(check("sub_link/../../x", NULL, &r), CK_EVFILE_OUTSIDE_ROOT);
    assert_null(strstr(r.detail, "symlink"));
}

static void test_dotdot_inside_ok(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("sub/../abc.txt", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("sub/deeper/../../sub/file", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("./sub/./file", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("sub//file", SHA_ABC, &r), CK_EVFILE_OK);
}

static void test_symlink_inside_ok(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("link_in", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("link_chain", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("sub/up", SHA_ABC, &r), CK_EVFILE_OK); /* relative to the link's folder */
    assert_int_equal(check("sub_link/file", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("dot_link/abc.txt", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check("long_dir_link/file", SHA_ABC, &r), CK_EVFILE_OK);
}

static void test_symlink_absolute_target(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("passwd_link", NULL, &r), CK_EVFILE_OUTSIDE_ROOT);
    assert_non_null(strstr(r.detail, "symlink 'passwd_link'"));
    assert_string_equal(r.sha256_hex, "");
}

static void test_symlink_relative_escape(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("sub/esc", NULL, &r), CK_EVFILE_OUTSIDE_ROOT);
    assert_non_null(strstr(r.detail, "symlink 'sub/esc' points outside the repository"));
    EXPECT("sub/reenter", CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("up_link", CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("up_link/outside/secret", CK_EVFILE_OUTSIDE_ROOT);
}

static void test_symlinked_folder_outside(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("ext_dir/secret", NULL, &r), CK_EVFILE_OUTSIDE_ROOT);
    assert_non_null(strstr(r.detail, "ext_dir"));
    EXPECT("etc_dir/passwd", CK_EVFILE_OUTSIDE_ROOT);
    EXPECT("sub/../ext_dir/secret", CK_EVFILE_OUTSIDE_ROOT);
}

static void test_symlink_loop(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("loop_a", NULL, &r), CK_EVFILE_BAD_PATH);
    assert_non_null(strstr(r.detail, "symbolic links"));
    EXPECT("self", CK_EVFILE_BAD_PATH);
    EXPECT("grow", CK_EVFILE_BAD_PATH); /* a link that keeps appending to itself */
    EXPECT("loop_a/x", CK_EVFILE_BAD_PATH);
}

static void test_symlink_budget(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("c39", SHA_ABC, &r), CK_EVFILE_OK); /* 40 expansions: allowed */
    EXPECT("c40", CK_EVFILE_BAD_PATH);                       /* 41: refused */
}

/* --- file types --- */

static void test_directory(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("sub", NULL, &r), CK_EVFILE_NOT_REGULAR);
    assert_non_null(strstr(r.detail, "is a directory"));
    assert_int_equal(r.size, -1);
    EXPECT("sub_dir_link", CK_EVFILE_NOT_REGULAR);
    EXPECT(".", CK_EVFILE_NOT_REGULAR);
    EXPECT("sub/..", CK_EVFILE_NOT_REGULAR);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_fifo_does_not_block(void **state)
{
    (void)state;
    ck_evfile_result r;
    /* A blocking open would wait forever for a writer; the alarm turns a hang into a failure. */
    alarm(5);
    double t0 = now_s();
    assert_int_equal(check("fifo", NULL, &r), CK_EVFILE_NOT_REGULAR);
    assert_non_null(strstr(r.detail, "is a FIFO"));
    assert_int_equal(check("fifo_link", SHA_ABC, &r), CK_EVFILE_NOT_REGULAR);
    assert_true(now_s() - t0 < 1.0);
    alarm(0);
}

static void test_socket(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("sock", NULL, &r), CK_EVFILE_NOT_REGULAR);
    assert_non_null(strstr(r.detail, "is a socket"));
}

static void test_device(void **state)
{
    (void)state;
    ck_evfile_result r;
    /* never reaches the device: the absolute link is refused first */
    assert_int_equal(check("null_link", NULL, &r), CK_EVFILE_OUTSIDE_ROOT);
    if (!g.have_devnode)
        skip();
    assert_int_equal(check("null_dev", NULL, &r), CK_EVFILE_NOT_REGULAR);
    assert_non_null(strstr(r.detail, "character device"));
}

static void test_unreadable(void **state)
{
    (void)state;
    ck_evfile_result r;
    ck_evfile_status s = check("noperm.txt", NULL, &r);
    if (geteuid() == 0) {
        /* root reads mode-000 files; only prove it is not mistaken for anything worse */
        assert_int_equal(s, CK_EVFILE_OK);
        skip();
    }
    assert_int_equal(s, CK_EVFILE_UNREADABLE);
    assert_string_equal(r.sha256_hex, "");
}

/* --- path syntax --- */

static void test_empty_path(void **state)
{
    (void)state;
    EXPECT("", CK_EVFILE_BAD_PATH);
    ck_evfile_result r;
    assert_int_equal(check(NULL, NULL, &r), CK_EVFILE_BAD_PATH);
}

static void test_long_paths(void **state)
{
    (void)state;
    ck_evfile_result r;
    char *p = malloc(10001);
    memset(p, 'a', 10000);
    p[10000] = '\0';
    assert_int_equal(check(p, NULL, &r), CK_EVFILE_BAD_PATH);
    /* 4096 bytes is the limit and still allowed; short components so only existence fails */
    for (int i = 0; i < 4096; i++)
        p[i] = (i % 2) ? '/' : 'a';
    p[4095] = 'a';
    p[4096] = '\0';
    assert_int_equal(check(p, NULL, &r), CK_EVFILE_MISSING);
    p[4096] = 'a';
    p[4097] = '\0';
    assert_int_equal(check(p, NULL, &r), CK_EVFILE_BAD_PATH);
    /* a single component over NAME_MAX */
    memset(p, 'b', 300);
    p[300] = '\0';
    assert_int_equal(check(p, NULL, &r), CK_EVFILE_BAD_PATH);
    /* within limits as written, over them once a link is spliced in */
    size_t o = (size_t)snprintf(p, 10001, "long_dir_link");
    for (int i = 0; i < 600; i++)
        o += (size_t)snprintf(p + o, 10001 - o, "/.");
    snprintf(p + o, 10001 - o, "/file");
    assert_int_equal(check(p, NULL, &r), CK_EVFILE_BAD_PATH);
    assert_non_null(strstr(r.detail, "after expanding symlink"));
    free(p);
}

static void test_nul_and_trailing_slash(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(ck_evfile_check_n(&g.root, "abc.txt\0.pdf", 12, NULL, &r), CK_EVFILE_BAD_PATH);
    assert_non_null(strstr(r.detail, "NUL"));
    assert_int_equal(ck_evfile_check_n(&g.root, "abc.txt", 7, SHA_ABC, &r), CK_EVFILE_OK);
    EXPECT("sub/", CK_EVFILE_BAD_PATH);
    EXPECT("abc.txt/", CK_EVFILE_BAD_PATH);
}

static void test_detail_is_sanitized(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check("evil\x1b[31m\n/x", NULL, &r), CK_EVFILE_MISSING);
    assert_null(strchr(r.detail, '\x1b'));
    assert_null(strchr(r.detail, '\n'));
    assert_non_null(strstr(r.detail, "evil?[31m?"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_root_open_errors),
        cmocka_unit_test(test_ok_hash),
        cmocka_unit_test(test_uppercase_expected),
        cmocka_unit_test(test_hash_mismatch),
        cmocka_unit_test(test_malformed_expected),
        cmocka_unit_test(test_read_bytes),
        cmocka_unit_test(test_empty_and_large_files),
        cmocka_unit_test(test_changed_size),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_absolute_path),
        cmocka_unit_test(test_dotdot_escapes),
        cmocka_unit_test(test_dotdot_inside_ok),
        cmocka_unit_test(test_symlink_inside_ok),
        cmocka_unit_test(test_symlink_absolute_target),
        cmocka_unit_test(test_symlink_relative_escape),
        cmocka_unit_test(test_symlinked_folder_outside),
        cmocka_unit_test(test_symlink_loop),
        cmocka_unit_test(test_symlink_budget),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_fifo_does_not_block),
        cmocka_unit_test(test_socket),
        cmocka_unit_test(test_device),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_empty_path),
        cmocka_unit_test(test_long_paths),
        cmocka_unit_test(test_nul_and_trailing_slash),
        cmocka_unit_test(test_detail_is_sanitized),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
