// SPDX-License-Identifier: GPL-2.0-only
/*
 * A replay JSON document read back for diff (STYLE.md rule 4). Every key diff uses is
 * checked for presence, type and range, and the first that fails is named with its
 * full path ("zones[1].allocations.failed_by_order[3]"), so a hand-edited or truncated
 * file is rejected with something a person can fix, never half-read.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "load.h"

/* json_int_t is long long (jansson with HAVE_LONG_LONG_INT, as on every Debian build). */
#define JSON_INTEGER_MAX ((json_int_t)INT64_MAX)

/* A replay document is a few hundred KiB at most (with --interval samples, a few MiB). */
#define LOAD_MAX_BYTES (256u << 20)

int load_fail(struct load_err *err, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return ret;
}

/* "where.key", or "key" at the top level. */
static void key_path(char *out, size_t size, const char *where, const char *key)
{
	snprintf(out, size, "%s%s%s", where, *where ? "." : "", key);
}

/* obj[key] of the wanted type, or NULL with err set. */
static json_t *member(json_t *obj, const char *where, const char *key, json_type want,
		      struct load_err *err)
{
	static const char *const want_names[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
		[JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
	};
	char path[160];
	json_t *v = json_object_get(obj, key);

	key_path(path, sizeof(path), where, key);
	if (!v) {
		load_fail(err, -EBADMSG, "%s: missing", path);
		return NULL;
	}
	if (json_typeof(v) != want) {
		load_fail(err, -EBADMSG, "%s: expected %s, got %s", path, want_names[want], json_type_name(v));
		return NULL;
	}
	return v;
}

static int check_int(json_t *v, const char *path, json_int_t min, json_int_t max,
		     json_int_t *out, struct load_err *err)
{
	json_int_t x;

	if (!json_is_integer(v))
		return load_fail(err, -EBADMSG, "%s: expected an integer, got %s", path, json_type_name(v));
	x = json_integer_value(v);
	if (x < min || x > max)
		return load_fail(err, -EBADMSG, "%s: %lld is out of range [%lld, %lld]", path,
			    (long long)x, (long long)min, (long long)max);
	*out = x;
	return 0;
}

static int get_int(json_t *obj, const char *where, const char *key, json_int_t min,
		   json_int_t max, json_int_t *out, struct load_err *err)
{
	char path[160];
	json_t *v = json_object_get(obj, key);

	key_path(path, sizeof(path), where, key);
	if (!v)
		return load_fail(err, -EBADMSG, "%s: missing", path);
	return check_int(v, path, min, max, out, err);
}

static int get_count(json_t *obj, const char *where, const char *key, uint64_t *out,
		     struct load_err *err)
{
	json_int_t x;
	int ret = get_int(obj, where, key, 0, JSON_INTEGER_MAX, &x, err);

	if (!ret)
		*out = (uint64_t)x;
	return ret;
}

static int get_str(json_t *obj, const char *where, const char *key, char **out,
		   struct load_err *err)
{
	json_t *v = member(obj, where, key, JSON_STRING, err);

	if (!v)
		return -EBADMSG;
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

/* Sums saturate at JSON_INTEGER_MAX, so a diff of hostile input never wraps. */
static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > (uint64_t)JSON_INTEGER_MAX - b ? (uint64_t)JSON_INTEGER_MAX : a + b;
}

/*
 * An array of n integers in [min, max]. n == 0 takes the array's own length, which must
 * be 1..MM_NR_ORDERS_MAX; the length found is returned in *n.
 */
static int get_order_array(json_t *obj, const char *where, const char *key, unsigned int *n,
			   json_int_t min, json_int_t max, int64_t *out, struct load_err *err)
{
	json_t *a = member(obj, where, key, JSON_ARRAY, err);
	char path[160], item[200];
	size_t len;

	if (!a)
		return -EBADMSG;
	key_path(path, sizeof(path), where, key);
	len = json_array_size(a);
	if (!*n) {
		if (len < 1 || len > MM_NR_ORDERS_MAX)
			return load_fail(err, -EBADMSG, "%s: %zu orders, expected 1 to %d", path, len,
				    MM_NR_ORDERS_MAX);
		*n = (unsigned int)len;
	} else if (len != *n) {
		return load_fail(err, -EBADMSG, "%s: %zu orders, expected %u as in end.nr_free", path,
			    len, *n);
	}
	for (size_t i = 0; i < len; i++) {
		json_int_t x;
		int ret;

		snprintf(item, sizeof(item), "%s[%zu]", path, i);
		ret = check_int(json_array_get(a, i), item, min, max, &x, err);
		if (ret)
			return ret;
		out[i] = x;
	}
	return 0;
}

static int load_fallbacks(json_t *zone, const char *where, struct result_zone *z,
			  struct load_err *err)
{
	json_t *a = member(zone, where, "fallbacks", JSON_ARRAY, err);
	size_t i;
	json_t *f;

	if (!a)
		return -EBADMSG;
	json_array_foreach(a, i, f) {
		char fw[160];
		json_int_t order, fo;
		uint64_t count;
		int ret;

		snprintf(fw, sizeof(fw), "%s.fallbacks[%zu]", where, i);
		if (!json_is_object(f))
			return load_fail(err, -EBADMSG, "%s: expected an object, got %s", fw,
				    json_type_name(f));
		if ((ret = get_int(f, fw, "order", 0, z->nr_orders - 1, &order, err)) ||
		    !member(f, fw, "start_migratetype", JSON_STRING, err) ||
		    !member(f, fw, "fallback_migratetype", JSON_STRING, err) ||
		    (ret = get_int(f, fw, "fallback_order", 0, z->nr_orders - 1, &fo, err)) ||
		    (ret = get_count(f, fw, "count", &count, err)))
			return ret ? ret : -EBADMSG;
		z->nr_fallbacks = sat_add(z->nr_fallbacks, count);
		if (fo < RESULT_PAGEBLOCK_ORDER)
			z->nr_fallbacks_fragmenting = sat_add(z->nr_fallbacks_fragmenting, count);
	}
	return 0;
}

static int load_claims(json_t *zone, const char *where, struct result_zone *z,
		       struct load_err *err)
{
	json_t *a = member(zone, where, "pageblock_claims", JSON_ARRAY, err);
	size_t i;
	json_t *c;

	if (!a)
		return -EBADMSG;
	json_array_foreach(a, i, c) {
		char cw[160];
		uint64_t count;
		int ret;

		snprintf(cw, sizeof(cw), "%s.pageblock_claims[%zu]", where, i);
		if (!json_is_object(c))
			return load_fail(err, -EBADMSG, "%s: expected an object, got %s", cw,
				    json_type_name(c));
		if (!member(c, cw, "to", JSON_STRING, err) ||
		    !member(c, cw, "from", JSON_STRING, err))
			return -EBADMSG;
		ret = get_count(c, cw, "count", &count, err);
		if (ret)
			return ret;
		z->nr_pageblock_claims = sat_add(z->nr_pageblock_claims, count);
	}
	return 0;
}

static int load_zone(json_t *zone, const char *where, struct result_zone *z, struct load_err *err)
{
	static const char *const marks[] = { "min", "low", "high", "promo" };
	static const char *const polluters[] = { "Unmovable", "Reclaimable" };
	json_t *end, *alloc, *wm, *pcp, *ha, *pol, *zn;
	char w[160];
	int64_t tmp[MM_NR_ORDERS_MAX];
	json_int_t node;
	uint64_t v;
	int ret;

	if (!json_is_object(zone))
		return load_fail(err, -EBADMSG, "%s: expected an object, got %s", where, json_type_name(zone));
	if ((ret = get_int(zone, where, "node", 0, 1 << 16, &node, err)))
		return ret;
	z->node = (int)node;
	zn = member(zone, where, "zone", JSON_STRING, err);
	if (!zn)
		return -EBADMSG;
	if (json_string_length(zn) == 0 || json_string_length(zn) >= sizeof(z->name))
		return load_fail(err, -EBADMSG, "%s.zone: expected a zone name of 1 to %zu characters",
			    where, sizeof(z->name) - 1);
	memcpy(z->name, json_string_value(zn), json_string_length(zn) + 1);
	if ((ret = get_count(zone, where, "managed_pages", &z->managed_pages, err)))
		return ret;

	end = member(zone, where, "end", JSON_OBJECT, err);
	if (!end)
		return -EBADMSG;
	key_path(w, sizeof(w), where, "end");
	if ((ret = get_order_array(end, w, "nr_free", &z->nr_orders, 0, JSON_INTEGER_MAX, tmp,
				   err)) ||
	    (ret = get_order_array(end, w, "unusable_free_index_milli", &z->nr_orders, 0, 1000,
				   z->unusable_free_index_milli, err)) ||
	    (ret = get_order_array(end, w, "fragmentation_index_milli", &z->nr_orders, -1000,
				   1000, z->fragmentation_index_milli, err)))
		return ret;

	alloc = member(zone, where, "allocations", JSON_OBJECT, err);
	if (!alloc)
		return -EBADMSG;
	key_path(w, sizeof(w), where, "allocations");
	if ((ret = get_order_array(alloc, w, "by_order", &z->nr_orders, 0, JSON_INTEGER_MAX, tmp,
				   err)) ||
	    (ret = get_order_array(alloc, w, "failed_by_order", &z->nr_orders, 0,
				   JSON_INTEGER_MAX, tmp, err)))
		return ret;
	for (unsigned int o = 0; o < z->nr_orders; o++)
		z->nr_alloc_failed[o] = (uint64_t)tmp[o];
	wm = member(alloc, w, "watermark_failures", JSON_OBJECT, err);
	if (!wm)
		return -EBADMSG;
	key_path(w, sizeof(w), where, "allocations.watermark_failures");
	for (unsigned int i = 0; i < 4; i++) {
		if ((ret = get_count(wm, w, marks[i], &v, err)))
			return ret;
		z->nr_wmark_fail = sat_add(z->nr_wmark_fail, v);
	}

	pcp = member(zone, where, "pcp", JSON_OBJECT, err);
	if (!pcp)
		return -EBADMSG;
	key_path(w, sizeof(w), where, "pcp");
	if ((ret = get_count(pcp, w, "hits", &v, err)) ||
	    (ret = get_count(pcp, w, "refills", &v, err)) ||
	    (ret = get_count(pcp, w, "refill_pages", &v, err)) ||
	    (ret = get_count(pcp, w, "drain_pages", &z->nr_pcp_drain_pages, err)))
		return ret;

	if ((ret = load_fallbacks(zone, where, z, err)) || (ret = load_claims(zone, where, z, err)))
		return ret;

	ha = member(zone, where, "highatomic", JSON_OBJECT, err);
	if (!ha)
		return -EBADMSG;
	key_path(w, sizeof(w), where, "highatomic");
	if ((ret = get_count(ha, w, "reserved", &z->nr_highatomic_reserved, err)) ||
	    (ret = get_count(ha, w, "unreserved", &v, err)) ||
	    (ret = get_count(zone, where, "watermark_boosts", &z->nr_boosts, err)))
		return ret;

	pol = member(zone, where, "in_movable_pageblocks", JSON_OBJECT, err);
	if (!pol)
		return -EBADMSG;
	for (unsigned int i = 0; i < 2; i++) {
		char pw[160];
		json_t *p;

		snprintf(pw, sizeof(pw), "%s.in_movable_pageblocks", where);
		p = member(pol, pw, polluters[i], JSON_OBJECT, err);
		if (!p)
			return -EBADMSG;
		snprintf(pw, sizeof(pw), "%s.in_movable_pageblocks.%s", where, polluters[i]);
		if ((ret = get_count(p, pw, "allocations", &v, err)) ||
		    (ret = get_count(p, pw, "pages", &v, err)))
			return ret;
		z->nr_polluting_pages = sat_add(z->nr_polluting_pages, v);
	}
	return 0;
}

static int load_doc(json_t *root, struct replay_result *r, struct load_err *err)
{
	static const char *const inc_classes[] = { "alloc_not_free", "free_not_allocated",
						   "pfn_outside_zones", "order_mismatch",
						   "drain_not_on_pcp" };
	json_t *schema, *trace, *kernel, *events, *zones, *follow, *inc, *z;
	json_int_t x;
	size_t i;
	int ret;

	if (!json_is_object(root))
		return load_fail(err, -EBADMSG, "expected a JSON object, got %s (not a replay result)",
			    json_type_name(root));
	schema = json_object_get(root, "schema");
	if (!schema)
		return load_fail(err, -EBADMSG, "schema: missing (not a replay result)");
	if (!json_is_integer(schema))
		return load_fail(err, -EBADMSG, "schema: expected an integer, got %s", json_type_name(schema));
	if (json_integer_value(schema) != REPLAY_SCHEMA)
		return load_fail(err, -EPROTONOSUPPORT, "schema %lld is not supported (this mmtrace reads %d)",
			    (long long)json_integer_value(schema), REPLAY_SCHEMA);
	if ((ret = get_str(root, "", "tool", &r->tool, err)))
		return ret;
	{
		json_t *pol = json_object_get(root, "policy");

		if (pol && !json_is_object(pol))
			return load_fail(err, -EBADMSG, "policy: expected an object, got %s",
				    json_type_name(pol));
		if (pol) {
			if ((ret = get_str(pol, "policy", "name", &r->policy, err)))
				return ret;
		} else if (!(r->policy = strdup("default"))) {
			return -ENOMEM;
		}
	}
	trace = member(root, "", "trace", JSON_OBJECT, err);
	if (!trace)
		return -EBADMSG;
	if ((ret = get_str(trace, "trace", "path", &r->trace_path, err)) ||
	    (ret = get_str(trace, "trace", "crc32c", &r->trace_crc32c, err)))
		return ret;
	kernel = member(root, "", "kernel", JSON_OBJECT, err);
	if (!kernel)
		return -EBADMSG;
	if ((ret = get_str(kernel, "kernel", "release", &r->release, err)) ||
	    (ret = get_str(root, "", "profile", &r->profile, err)) ||
	    (ret = get_str(root, "", "mode", &r->mode, err)))
		return ret;
	if (strcmp(r->mode, "follow") && strcmp(r->mode, "simulate"))
		return load_fail(err, -EBADMSG, "mode: expected \"follow\" or \"simulate\", got \"%.64s\"",
			    r->mode);
	events = member(root, "", "events", JSON_OBJECT, err);
	if (!events)
		return -EBADMSG;
	if ((ret = get_count(events, "events", "total", &r->nr_events, err)))
		return ret;

	zones = member(root, "", "zones", JSON_ARRAY, err);
	if (!zones)
		return -EBADMSG;
	if (json_array_size(zones) > MM_STATS_MAX_ZONES)
		return load_fail(err, -EBADMSG, "zones: %zu zones, at most %d are supported",
			    json_array_size(zones), MM_STATS_MAX_ZONES);
	json_array_foreach(zones, i, z) {
		char w[32];

		snprintf(w, sizeof(w), "zones[%zu]", i);
		ret = load_zone(z, w, &r->zones[i], err);
		if (ret)
			return ret;
		if (replay_result__zone(r, r->zones[i].node, r->zones[i].name))
			return load_fail(err, -EBADMSG, "%s: zone %d %s appears twice", w,
				    r->zones[i].node, r->zones[i].name);
		r->nr_zones++;
	}

	follow = member(root, "", "follow", JSON_OBJECT, err);
	if (!follow)
		return -EBADMSG;
	inc = member(follow, "follow", "inconsistencies", JSON_OBJECT, err);
	if (!inc)
		return -EBADMSG;
	for (unsigned int c = 0; c < sizeof(inc_classes) / sizeof(inc_classes[0]); c++) {
		uint64_t v;

		if ((ret = get_count(inc, "follow.inconsistencies", inc_classes[c], &v, err)))
			return ret;
		r->nr_inconsistencies = sat_add(r->nr_inconsistencies, v);
	}
	if (!strcmp(r->mode, "simulate")) {
		json_t *sim = member(root, "", "simulate", JSON_OBJECT, err);

		if (!sim)
			return -EBADMSG;
		if ((ret = get_int(sim, "simulate", "pfn_agreement_ppm", 0, 1000000, &x, err)))
			return ret;
		r->pfn_agreement_ppm = (uint64_t)x;
		r->has_simulate = true;
	}
	return 0;
}

/* The name of result doc ("default" without a policy object), or NULL if it has none. */
static const char *doc_policy_name(json_t *doc)
{
	json_t *pol = json_object_get(doc, "policy");

	if (!pol)
		return "default";
	return json_string_value(json_object_get(pol, "name"));
}

/* The result of root named name: root itself, or one of a set's results; NULL with err. */
static json_t *pick_result(json_t *root, const char *name, struct load_err *err, int *ret)
{
	json_t *kind = json_is_object(root) ? json_object_get(root, "kind") : NULL;
	json_t *results, *doc, *found = NULL;
	size_t i;

	*ret = 0;
	if (!kind) {
		const char *own = json_is_object(root) ? doc_policy_name(root) : NULL;

		if (name && (!own || strcmp(own, name))) {
			snprintf(err->names, sizeof(err->names), "%s", own ? own : "");
			*ret = load_fail(err, -EINVAL, "no policy '%.64s': a single result, of policy '%.64s'",
				    name, own ? own : "?");
			return NULL;
		}
		return root;
	}
	if (!json_is_string(kind) || strcmp(json_string_value(kind), "replay-set")) {
		*ret = load_fail(err, -EBADMSG, "kind: expected \"replay-set\"");
		return NULL;
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		*ret = load_fail(err, -EBADMSG, "results: expected an array");
		return NULL;
	}
	json_array_foreach(results, i, doc) {
		const char *own = json_is_object(doc) ? doc_policy_name(doc) : NULL;
		size_t n = strlen(err->names);

		if (!own) {
			*ret = load_fail(err, -EBADMSG, "results[%zu].policy.name: missing", i);
			return NULL;
		}
		snprintf(err->names + n, sizeof(err->names) - n, "%s%s", n ? " " : "", own);
		if (name && !strcmp(own, name) && !found)
			found = doc;
	}
	if (found)
		return found;
	if (!name)
		*ret = load_fail(err, -EINVAL, "a result set of %zu policies: pick one with FILE#NAME",
			    json_array_size(results));
	else
		*ret = load_fail(err, -EINVAL, "no policy '%.64s' in the result set", name);
	return NULL;
}

struct replay_result *replay_result__parse(const char *buf, size_t len, struct load_err *err)
{
	return replay_result__parse_named(buf, len, NULL, err);
}

struct replay_result *replay_result__parse_named(const char *buf, size_t len, const char *name,
						 struct load_err *err)
{
	json_t *doc;
	struct replay_result *r;
	json_error_t jerr;
	json_t *root;
	int ret;

	err->msg[0] = '\0';
	err->names[0] = '\0';
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		load_fail(err, 0, "not valid JSON: line %d column %d: %s", jerr.line, jerr.column,
		     jerr.text);
		errno = EBADMSG;
		return NULL;
	}
	doc = pick_result(root, name, err, &ret);
	if (!doc) {
		json_decref(root);
		errno = -ret;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		json_decref(root);
		errno = ENOMEM;
		return NULL;
	}
	ret = load_doc(doc, r, err);
	json_decref(root);
	if (ret) {
		if (ret == -ENOMEM)
			load_fail(err, 0, "out of memory");
		replay_result__free(r);
		errno = -ret;
		return NULL;
	}
	return r;
}

struct replay_result *replay_result__load(const char *path, struct load_err *err)
{
	return replay_result__load_named(path, NULL, err);
}

struct replay_result *replay_result__load_named(const char *path, const char *name,
						struct load_err *err)
{
	struct replay_result *r = NULL;
	char *buf;
	size_t len;
	int ret;

	err->msg[0] = '\0';
	err->names[0] = '\0';
	ret = json_read_file(path, LOAD_MAX_BYTES, &buf, &len);
	if (ret == -EFBIG) {
		load_fail(err, 0, "larger than any replay result");
		ret = -EBADMSG;
	} else if (!ret) {
		r = replay_result__parse_named(buf, len, name, err);
		if (!r)
			ret = -errno;
	}
	if (ret && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(-ret));
	free(buf);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	return r;
}

void replay_result__free(struct replay_result *r)
{
	if (!r)
		return;
	free(r->tool);
	free(r->trace_path);
	free(r->trace_crc32c);
	free(r->release);
	free(r->profile);
	free(r->mode);
	free(r->policy);
	free(r);
}

const struct result_zone *replay_result__zone(const struct replay_result *r, int node,
					      const char *name)
{
	for (uint32_t i = 0; i < r->nr_zones; i++)
		if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
			return &r->zones[i];
	return NULL;
}
