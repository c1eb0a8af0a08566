// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the ftrace text importer (trace/ftrace_import.c). The input is split
 * into lines and fed to one importer. If the input starts with "F:", its first line is
 * used as the mm_page_alloc format file instead of the embedded one, which fuzzes the
 * print-fmt expression evaluator too. The importer must return 1, 0 or a negative
 * errno, produce only valid event types, never crash, leak or read out of bounds.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ftrace_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A cut-down 6.18 mm_page_alloc print fmt (from
 * testdata/ftrace/formats-6.18/sys/kernel/tracing/events/kmem/mm_page_alloc/format),
 * keeping a composite with '&' and '~', a plain composite and a few single flags.
 */
static const char fmt_page_alloc[] =
	"name: mm_page_alloc\n"
	"print fmt: \"page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s\", "
	"REC->pfn != -1UL ? (((struct page *)vmemmap_base) + (REC->pfn)) : ((void *)0), "
	"REC->pfn != -1UL ? REC->pfn : 0, REC->order, REC->migratetype, (REC->gfp_flags) ? "
	"__print_flags(REC->gfp_flags, \"|\", "
	"{( unsigned long)((((((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | "
	"(( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7))) | "
	"(( gfp_t)((((1UL))) << (20)))) | (( gfp_t)((((1UL))) << (1)))) | "
	"(( gfp_t)((((1UL))) << (3))) | (( gfp_t)0)) | (( gfp_t)((((1UL))) << (18))) | "
	"(( gfp_t)((((1UL))) << (19))) | (( gfp_t)((((1UL))) << (13)))) & "
	"~(( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11))))), \"GFP_TRANSHUGE_LIGHT\"}, "
	"{( unsigned long)((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | "
	"(( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7)))), \"GFP_KERNEL\"}, "
	"{( unsigned long)(( gfp_t)((((1UL))) << (8))), \"__GFP_ZERO\"}, "
	"{( unsigned long)(( gfp_t)((((1UL))) << (18))), \"__GFP_COMP\"}, "
	"{( unsigned long)(( gfp_t)((((1UL))) << (24))), \"__GFP_NO_OBJ_EXT\"}, "
	"{ 0, ((void *)0) } ) : \"none\"\n";

#define FMT_PATH "sys/kernel/tracing/events/kmem/mm_page_alloc/format"

static uint32_t nr_interned;

/* Fails for names starting with 'Z', to exercise the error path. */
static uint32_t fuzz_intern(void *ctx, const char *name)
{
	(void)ctx;
	if (name[0] == 'Z') {
		errno = ENOMEM;
		return 0;
	}
	return ++nr_interned;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *e = p + size;
	struct snap_files formats = { 0 };
	struct ftrace_import_opts opts = { .formats = &formats, .intern = fuzz_intern };
	struct ftrace_importer *im;
	char err[128];

	if (size >= 2 && p[0] == 'F' && p[1] == ':') {
		const char *nl = memchr(p, '\n', size);
		const char *fe = nl ? nl : e;

		if (snap_files__add(&formats, FMT_PATH, p + 2, (size_t)(fe - p - 2)))
			abort();
		p = nl ? nl + 1 : e;
	} else if (snap_files__add(&formats, FMT_PATH, fmt_page_alloc,
				   sizeof(fmt_page_alloc) - 1)) {
		abort();
	}
	opts.errbuf = err;
	opts.errbuf_len = sizeof(err);
	im = ftrace_importer__new(&opts);
	if (!im) {
		if (errno != EBADMSG && errno != ENOMEM)
			abort();
		snap_files__clear(&formats);
		return 0;
	}
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(e - p);
		struct mm_event ev;
		int ret;

		/* an exact-size copy, so a read past the line's end is caught */
		char *line = malloc(len ? len : 1);

		if (!line)
			abort();
		memcpy(line, p, len);
		ret = ftrace_importer__line(im, line, len, &ev);
		free(line);
		if (ret == 1 && (ev.type == MM_EV_NONE || ev.type >= MM_EV__NR))
			abort();
		if (ret < 0 && ret != -EBADMSG && ret != -ENOENT && ret != -ENOMEM)
			abort();
		if (ret < 0 && !strstr(ftrace_importer__strerror(im), "line "))
			abort();
		p += len;
	}
	ftrace_importer__stats(im);
	ftrace_importer__free(im);
	snap_files__clear(&formats);
	return 0;
}
