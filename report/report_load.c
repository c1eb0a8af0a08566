// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay results read for `mmtrace report` (report_load.h). A separate reader from
 * load.c because the report needs other values (samples, the fallback matrix, slab
 * waste) and other documents (result sets); it validates in the same way: every key it
 * uses is checked for presence, type and range, and the first that fails is named.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "report_load.h"

#define JSON_INTEGER_MAX ((json_int_t)INT64_MAX)
/* as load.c: a result with samples is a few MiB; a set of them, a few times that */
#define REPORT_MAX_BYTES (256u << 20)

const char *const report_mt_names[MT__NR] = { "Unmovable", "Movable", "Reclaimable",
					      "HighAtomic", "CMA", "Isolate" };


/* A key's path: "where.key", or "key" at the top level. */
struct path {
	char s[200];
};

static struct path sub(const char *where, const char *key)
{
	struct path p;

	/* a path longer than the buffer is cut; the message still names where it starts */
	if (snprintf(p.s, sizeof(p.s), "%s%s%s", where, *where ? "." : "", key) < 0)
		p.s[0] = '\0';
	return p;
}

static struct path idx(const char *where, size_t i)
{
	struct path p;

	if (snprintf(p.s, sizeof(p.s), "%s[%zu]", where, i) < 0)
		p.s[0] = '\0';
	return p;
}

/* obj[key] of type want, or NULL with err set; optional keys may be absent (NULL, no error). */
static json_t *member(json_t *obj, const char *where, const char *key, json_type want,
		      bool optional, struct load_err *err)
{
	static const char *const want_names[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
		[JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
	};
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (!optional)
			load_fail(err, -EBADMSG, "%s: missing", sub(where, key).s);
		return NULL;
	}
	if (json_typeof(v) != want) {
		load_fail(err, -EBADMSG, "%s: expected %s, got %s", sub(where, key).s, want_names[want],
		     json_type_name(v));
		return NULL;
	}
	return v;
}

static int check_count(json_t *v, const char *path, uint64_t *out, struct load_err *err)
{
	if (!json_is_integer(v))
		return load_fail(err, -EBADMSG, "%s: expected an integer, got %s", path, json_type_name(v));
	if (json_integer_value(v) < 0)
		return load_fail(err, -EBADMSG, "%s: %lld is negative", path,
			    (long long)json_integer_value(v));
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int get_count(json_t *obj, const char *where, const char *key, uint64_t *out,
		     struct load_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return load_fail(err, -EBADMSG, "%s: missing", sub(where, key).s);
	return check_count(v, sub(where, key).s, out, err);
}

static int get_str(json_t *obj, const char *where, const char *key, char **out,
		   struct load_err *err)
{
	json_t *v = member(obj, where, key, JSON_STRING, false, err);

	if (!v)
		return -EBADMSG;
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

/* An array of exactly n counts into out[0..n). */
static int count_array(json_t *a, const char *path, size_t n, uint64_t *out,
		       struct load_err *err)
{
	if (!json_is_array(a))
		return load_fail(err, -EBADMSG, "%s: expected an array, got %s", path, json_type_name(a));
	if (json_array_size(a) != n)
		return load_fail(err, -EBADMSG, "%s: %zu entries, expected %zu", path,
			    json_array_size(a), n);
	for (size_t i = 0; i < n; i++) {
		int ret = check_count(json_array_get(a, i), idx(path, i).s, &out[i], err);

		if (ret)
			return ret;
	}
	return 0;
}

static int mt_index(json_t *obj, const char *where, const char *key, unsigned int *out,
		    struct load_err *err)
{
	json_t *v = member(obj, where, key, JSON_STRING, false, err);

	if (!v)
		return -EBADMSG;
	for (unsigned int mt = 0; mt < MT__NR; mt++)
		if (!strcmp(json_string_value(v), report_mt_names[mt])) {
			*out = mt;
			return 0;
		}
	return load_fail(err, -EBADMSG, "%s: \"%.40s\" is not a migratetype", sub(where, key).s,
		    json_string_value(v));
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int load_samples(json_t *zone, const char *where, struct report_zone *z,
			struct load_err *err)
{
	struct path w = sub(where, "samples");
	json_t *s = member(zone, where, "samples", JSON_OBJECT, true, err), *ev, *nf, *pb, *a;
	size_t n;
	int ret;

	if (!s)
		return err->msg[0] ? -EBADMSG : 0;
	if ((ret = get_count(s, w.s, "interval", &z->interval, err)))
		return ret;
	if (!(ev = member(s, w.s, "event", JSON_ARRAY, false, err)) ||
	    !(nf = member(s, w.s, "nr_free", JSON_ARRAY, false, err)))
		return -EBADMSG;
	n = json_array_size(ev);
	if (n > REPORT_MAX_SAMPLES)
		return load_fail(err, -EBADMSG, "%s.event: %zu samples, at most %u are supported", w.s,
			    n, REPORT_MAX_SAMPLES);
	if (!n)
		return 0;
	z->event = calloc(n, sizeof(*z->event));
	z->nr_free = calloc(n * z->nr_orders, sizeof(*z->nr_free));
	if (!z->event || !z->nr_free)
		return -ENOMEM;
	z->nr_samples = n;
	if ((ret = count_array(ev, sub(w.s, "event").s, n, z->event, err)))
		return ret;
	if (json_array_size(nf) != n)
		return load_fail(err, -EBADMSG, "%s.nr_free: %zu samples, expected %zu as in event",
			    w.s, json_array_size(nf), n);
	for (size_t i = 0; i < n; i++)
		if ((ret = count_array(json_array_get(nf, i), idx(sub(w.s, "nr_free").s, i).s,
				       z->nr_orders, &z->nr_free[i * z->nr_orders], err)))
			return ret;
	/* written since the report exists; absent in older results */
	pb = member(s, w.s, "pageblocks", JSON_OBJECT, true, err);
	if (err->msg[0])
		return -EBADMSG;
	if (pb) {
		uint64_t *col = calloc(n, sizeof(*col));

		z->pageblocks = calloc(n * MT__NR, sizeof(*z->pageblocks));
		if (!col || !z->pageblocks) {
			free(col);
			return -ENOMEM;
		}
		for (unsigned int mt = 0; mt < MT__NR && !ret; mt++) {
			struct path pw = sub(sub(w.s, "pageblocks").s, report_mt_names[mt]);

			a = json_object_get(pb, report_mt_names[mt]);
			ret = a ? count_array(a, pw.s, n, col, err) :
				  load_fail(err, -EBADMSG, "%s: missing", pw.s);
			for (size_t i = 0; i < n && !ret; i++)
				z->pageblocks[i * MT__NR + mt] = col[i];
		}
		free(col);
		if (ret)
			return ret;
	}
	if ((a = json_object_get(s, "nr_fallbacks"))) {
		if (!(z->cum_fallbacks = calloc(n, sizeof(uint64_t))))
			return -ENOMEM;
		if ((ret = count_array(a, sub(w.s, "nr_fallbacks").s, n, z->cum_fallbacks, err)))
			return ret;
	}
	if ((a = json_object_get(s, "nr_pageblock_claims"))) {
		if (!(z->cum_claims = calloc(n, sizeof(uint64_t))))
			return -ENOMEM;
		if ((ret = count_array(a, sub(w.s, "nr_pageblock_claims").s, n, z->cum_claims,
				       err)))
			return ret;
	}
	return 0;
}

static int load_zone(json_t *zone, const char *where, struct report_zone *z, struct load_err *err)
{
	json_t *end, *nf, *pb, *a, *e, *zn;
	struct path w;
	uint64_t node;
	size_t i;
	int ret;

	if (!json_is_object(zone))
		return load_fail(err, -EBADMSG, "%s: expected an object, got %s", where, json_type_name(zone));
	if ((ret = get_count(zone, where, "node", &node, err)))
		return ret;
	if (node > 1 << 16)
		return load_fail(err, -EBADMSG, "%s.node: %llu is out of range", where,
			    (unsigned long long)node);
	z->node = (int)node;
	if (!(zn = member(zone, where, "zone", JSON_STRING, false, err)))
		return -EBADMSG;
	if (json_string_length(zn) == 0 || json_string_length(zn) >= sizeof(z->name))
		return load_fail(err, -EBADMSG, "%s.zone: expected a zone name of 1 to %zu characters",
			    where, sizeof(z->name) - 1);
	memcpy(z->name, json_string_value(zn), json_string_length(zn) + 1);
	if ((ret = get_count(zone, where, "managed_pages", &z->managed_pages, err)))
		return ret;
	if (!(end = member(zone, where, "end", JSON_OBJECT, false, err)))
		return -EBADMSG;
	w = sub(where, "end");
	if (!(nf = member(end, w.s, "nr_free", JSON_ARRAY, false, err)))
		return -EBADMSG;
	if (json_array_size(nf) < 1 || json_array_size(nf) > MM_NR_ORDERS_MAX)
		return load_fail(err, -EBADMSG, "%s.nr_free: %zu orders, expected 1 to %d", w.s,
			    json_array_size(nf), MM_NR_ORDERS_MAX);
	z->nr_orders = (unsigned int)json_array_size(nf);
	if ((ret = count_array(nf, sub(w.s, "nr_free").s, z->nr_orders, z->end_nr_free, err)))
		return ret;
	if (!(pb = member(end, w.s, "pageblocks", JSON_OBJECT, false, err)))
		return -EBADMSG;
	for (unsigned int mt = 0; mt < MT__NR; mt++)
		if ((ret = get_count(pb, sub(w.s, "pageblocks").s, report_mt_names[mt],
				     &z->end_pageblocks[mt], err)))
			return ret;

	if (!(a = member(zone, where, "fallbacks", JSON_ARRAY, false, err)))
		return -EBADMSG;
	json_array_foreach(a, i, e) {
		struct path fw = idx(sub(where, "fallbacks").s, i);
		unsigned int s, f;
		uint64_t c, o;

		if (!json_is_object(e))
			return load_fail(err, -EBADMSG, "%s: expected an object, got %s", fw.s,
				    json_type_name(e));
		if ((ret = get_count(e, fw.s, "order", &o, err)) ||
		    (ret = mt_index(e, fw.s, "start_migratetype", &s, err)) ||
		    (ret = mt_index(e, fw.s, "fallback_migratetype", &f, err)) ||
		    (ret = get_count(e, fw.s, "count", &c, err)))
			return ret;
		z->fallbacks[s][f] = sat_add(z->fallbacks[s][f], c);
		z->nr_fallbacks = sat_add(z->nr_fallbacks, c);
	}
	if (!(a = member(zone, where, "pageblock_claims", JSON_ARRAY, false, err)))
		return -EBADMSG;
	json_array_foreach(a, i, e) {
		struct path cw = idx(sub(where, "pageblock_claims").s, i);
		unsigned int to, from;
		uint64_t c;

		if (!json_is_object(e))
			return load_fail(err, -EBADMSG, "%s: expected an object, got %s", cw.s,
				    json_type_name(e));
		if ((ret = mt_index(e, cw.s, "to", &to, err)) ||
		    (ret = mt_index(e, cw.s, "from", &from, err)) ||
		    (ret = get_count(e, cw.s, "count", &c, err)))
			return ret;
		z->claims[to][from] = sat_add(z->claims[to][from], c);
		z->nr_claims = sat_add(z->nr_claims, c);
	}
	return load_samples(zone, where, z, err);
}

static int load_slab(json_t *root, const char *where, struct report_doc *d, struct load_err *err)
{
	json_t *slab = member(root, where, "slab", JSON_OBJECT, true, err), *caches, *c;
	struct path w = sub(where, "slab");
	size_t i;
	int ret;

	if (!slab)
		return err->msg[0] ? -EBADMSG : 0;
	if (!(caches = member(slab, w.s, "caches", JSON_ARRAY, false, err)))
		return -EBADMSG;
	if (json_array_size(caches) > REPORT_MAX_CACHES)
		return load_fail(err, -EBADMSG, "%s.caches: %zu caches, at most %d are supported", w.s,
			    json_array_size(caches), REPORT_MAX_CACHES);
	d->has_slab = true;
	if (!json_array_size(caches))
		return 0;
	d->caches = calloc(json_array_size(caches), sizeof(*d->caches));
	if (!d->caches)
		return -ENOMEM;
	json_array_foreach(caches, i, c) {
		struct path cw = idx(sub(w.s, "caches").s, i);
		struct report_cache *rc = &d->caches[i];
		json_t *waste;

		if (!json_is_object(c))
			return load_fail(err, -EBADMSG, "%s: expected an object, got %s", cw.s,
				    json_type_name(c));
		if ((ret = get_str(c, cw.s, "name", &rc->name, err)))
			return ret;
		d->nr_caches++;
		if (!(waste = member(c, cw.s, "waste", JSON_OBJECT, false, err)))
			return -EBADMSG;
		if ((ret = get_count(waste, sub(cw.s, "waste").s, "internal_bytes",
				     &rc->internal_bytes, err)) ||
		    (ret = get_count(waste, sub(cw.s, "waste").s, "tail_bytes", &rc->tail_bytes,
				     err)))
			return ret;
	}
	return 0;
}

/* One replay result (at `where` in its file: "" or "results[2]") into d. */
static int load_result(json_t *root, const char *where, struct report_doc *d,
		       struct load_err *err)
{
	json_t *schema, *trace, *events, *zones, *z, *policy;
	size_t i;
	int ret;

	if (!json_is_object(root))
		return load_fail(err, -EBADMSG, "%s%sexpected a replay result (an object), got %s",
			    where, *where ? ": " : "", json_type_name(root));
	schema = json_object_get(root, "schema");
	if (!schema)
		return load_fail(err, -EBADMSG, "%s: missing (not a replay result)",
			    sub(where, "schema").s);
	if (!json_is_integer(schema))
		return load_fail(err, -EBADMSG, "%s: expected an integer, got %s",
			    sub(where, "schema").s, json_type_name(schema));
	if (json_integer_value(schema) != REPLAY_SCHEMA)
		return load_fail(err, -EPROTONOSUPPORT, "%s %lld is not supported (this mmtrace reads %d)",
			    sub(where, "schema").s, (long long)json_integer_value(schema),
			    REPLAY_SCHEMA);
	if (!(trace = member(root, where, "trace", JSON_OBJECT, false, err)))
		return -EBADMSG;
	if ((ret = get_str(trace, sub(where, "trace").s, "path", &d->trace_path, err)) ||
	    (ret = get_str(trace, sub(where, "trace").s, "crc32c", &d->trace_crc32c, err)) ||
	    (ret = get_str(root, where, "profile", &d->profile, err)) ||
	    (ret = get_str(root, where, "mode", &d->mode, err)))
		return ret;
	if (!(events = member(root, where, "events", JSON_OBJECT, false, err)))
		return -EBADMSG;
	if ((ret = get_count(events, sub(where, "events").s, "total", &d->nr_events, err)))
		return ret;
	policy = member(root, where, "policy", JSON_OBJECT, true, err);
	if (err->msg[0])
		return -EBADMSG;
	if (policy) {
		if ((ret = get_str(policy, sub(where, "policy").s, "name", &d->policy, err)))
			return ret;
		if (!d->policy[0])
			return load_fail(err, -EBADMSG, "%s: empty", sub(where, "policy.name").s);
	}
	if (!(zones = member(root, where, "zones", JSON_ARRAY, false, err)))
		return -EBADMSG;
	if (json_array_size(zones) > MM_STATS_MAX_ZONES)
		return load_fail(err, -EBADMSG, "%s: %zu zones, at most %d are supported",
			    sub(where, "zones").s, json_array_size(zones), MM_STATS_MAX_ZONES);
	json_array_foreach(zones, i, z) {
		/* counted first, so report_set__clear frees a half-read zone's samples */
		d->nr_zones++;
		if ((ret = load_zone(z, idx(sub(where, "zones").s, i).s, &d->zones[i], err)))
			return ret;
	}
	return load_slab(root, where, d, err);
}

static void zone_clear(struct report_zone *z)
{
	free(z->event);
	free(z->nr_free);
	free(z->pageblocks);
	free(z->cum_fallbacks);
	free(z->cum_claims);
}

static void doc_clear(struct report_doc *d)
{
	for (uint32_t i = 0; i < d->nr_zones; i++)
		zone_clear(&d->zones[i]);
	for (size_t i = 0; i < d->nr_caches; i++)
		free(d->caches[i].name);
	free(d->caches);
	free(d->label);
	free(d->policy);
	free(d->source);
	free(d->trace_path);
	free(d->trace_crc32c);
	free(d->profile);
	free(d->mode);
	memset(d, 0, sizeof(*d));
}

static bool label_taken(const struct report_set *s, size_t upto, const char *label)
{
	for (size_t i = 0; i < upto; i++)
		if (!strcmp(s->docs[i].label, label))
			return true;
	return false;
}

/*
 * The label: the policy's name unless it is "default", else the file's name without
 * ".json" (a set's member without a named policy: "results[i]"). A label already used gets the source added, then a
 * number, so every series in the report is told apart.
 */
static int set_label(struct report_set *s, struct report_doc *d, const char *file,
		     const char *where)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t n = strlen(base);
	char buf[512];

	/* every replay names its policy; "default" (no policy given) says nothing */
	if (d->policy && strcmp(d->policy, "default"))
		snprintf(buf, sizeof(buf), "%s", d->policy);
	else if (*where)
		snprintf(buf, sizeof(buf), "%s", where);
	else if (n > 5 && !strcmp(base + n - 5, ".json"))
		snprintf(buf, sizeof(buf), "%.*s", (int)(n - 5), base);
	else
		snprintf(buf, sizeof(buf), "%s", base);
	if (label_taken(s, s->nr_docs, buf)) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, " (%s)", d->source);
		for (unsigned int k = 2; label_taken(s, s->nr_docs, buf); k++)
			snprintf(buf + len, sizeof(buf) - len, " (%s) #%u", d->source, k);
	}
	d->label = strdup(buf);
	if (!d->policy)
		d->policy = strdup("default");
	return d->label && d->policy ? 0 : -ENOMEM;
}

/* Adds one result; on failure the document is cleared and the set unchanged. */
static int add_one(struct report_set *s, json_t *root, const char *file, const char *where,
		   struct load_err *err)
{
	struct report_doc *d = &s->docs[s->nr_docs];
	char src[512];
	int ret;

	if (s->nr_docs >= REPORT_MAX_DOCS)
		return load_fail(err, -E2BIG, "more than %d results in one report", REPORT_MAX_DOCS);
	memset(d, 0, sizeof(*d));
	snprintf(src, sizeof(src), "%s%s%s", file, *where ? " " : "", where);
	if (!(d->source = strdup(src)))
		return -ENOMEM;
	ret = load_result(root, where, d, err);
	if (!ret)
		ret = set_label(s, d, file, where);
	if (ret) {
		doc_clear(d);
		return ret;
	}
	s->nr_docs++;
	return 0;
}

static int add_root(struct report_set *s, json_t *root, const char *source, struct load_err *err)
{
	json_t *kind, *results, *r;
	size_t i, before = s->nr_docs;
	int ret = 0;

	kind = json_is_object(root) ? json_object_get(root, "kind") : NULL;
	if (!kind)
		return add_one(s, root, source, "", err);
	if (!json_is_string(kind))
		return load_fail(err, -EBADMSG, "kind: expected a string, got %s", json_type_name(kind));
	if (strcmp(json_string_value(kind), "replay-set"))
		return load_fail(err, -EBADMSG, "kind: \"%.40s\" is not a replay result or \"replay-set\"",
			    json_string_value(kind));
	if (!json_is_integer(json_object_get(root, "schema")))
		return load_fail(err, -EBADMSG, "schema: %s",
			    json_object_get(root, "schema") ? "expected an integer" : "missing");
	if (json_integer_value(json_object_get(root, "schema")) != REPLAY_SCHEMA)
		return load_fail(err, -EPROTONOSUPPORT, "schema %lld is not supported (this mmtrace reads %d)",
			    (long long)json_integer_value(json_object_get(root, "schema")),
			    REPLAY_SCHEMA);
	if (!(results = member(root, "", "results", JSON_ARRAY, false, err)))
		return -EBADMSG;
	if (!json_array_size(results))
		return load_fail(err, -EBADMSG, "results: empty");
	json_array_foreach(results, i, r) {
		char where[32];

		snprintf(where, sizeof(where), "results[%zu]", i);
		if ((ret = add_one(s, r, source, where, err)))
			break;
	}
	if (ret)
		while (s->nr_docs > before)
			doc_clear(&s->docs[--s->nr_docs]);
	return ret;
}

int report_set__add(struct report_set *s, const char *buf, size_t len, const char *source,
		    struct load_err *err)
{
	json_error_t jerr;
	json_t *root;
	int ret;

	err->msg[0] = '\0';
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return load_fail(err, -EBADMSG, "not valid JSON: line %d column %d: %s", jerr.line,
			    jerr.column, jerr.text);
	ret = add_root(s, root, source, err);
	json_decref(root);
	if (ret == -ENOMEM)
		load_fail(err, ret, "out of memory");
	return ret;
}

int report_set__add_file(struct report_set *s, const char *path, struct load_err *err)
{
	char *buf;
	size_t len;
	int ret;

	err->msg[0] = '\0';
	ret = json_read_file(path, REPORT_MAX_BYTES, &buf, &len);
	if (ret == -EFBIG)
		ret = load_fail(err, -EBADMSG, "larger than any replay result");
	else if (!ret)
		ret = report_set__add(s, buf, len, path, err);
	if (ret && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(-ret));
	free(buf);
	return ret;
}

void report_set__clear(struct report_set *s)
{
	while (s->nr_docs)
		doc_clear(&s->docs[--s->nr_docs]);
}
