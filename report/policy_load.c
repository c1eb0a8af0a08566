// SPDX-License-Identifier: GPL-2.0-only
/*
 * Policy files read back (report/policy_load.h). The file's name is the policy's name in
 * the results, so it must be a short printable word; every setting goes through
 * mm_policy_set(), which owns what is valid.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "policy_load.h"

/* A policy file is a few hundred bytes; anything larger is not one. */
#define POLICY_MAX_BYTES (1u << 20)

static int pl_fail(struct policy_load_err *err, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pl_fail(struct policy_load_err *err, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return ret;
}

/* A name for the results and for FILE#NAME: letters, digits and . _ - + only. */
static bool pl_name_ok(const char *s)
{
	if (!*s || strlen(s) >= MM_POLICY_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-' || *s == '+'))
			return false;
	return true;
}

/* One setting: the JSON value as text, then mm_policy_set(). */
static int pl_set(struct mm_policy *p, const char *where, const char *key, json_t *v,
		  struct policy_load_err *err)
{
	char text[MM_POLICY_VALUE_MAX], msg[200];
	int ret;

	switch (json_typeof(v)) {
	case JSON_INTEGER:
		snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(v));
		break;
	case JSON_STRING:
		if (json_string_length(v) >= sizeof(text) || strlen(json_string_value(v)) !=
								json_string_length(v))
			return pl_fail(err, -EINVAL, "%s%s: a string of at most %zu characters "
				       "expected", where, key, sizeof(text) - 1);
		snprintf(text, sizeof(text), "%s", json_string_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		snprintf(text, sizeof(text), "%s", json_is_true(v) ? "on" : "off");
		break;
	default:
		return pl_fail(err, -EBADMSG, "%s%s: expected an integer, a string or a boolean, "
			       "got %s", where, key, json_type_name(v));
	}
	ret = mm_policy_set(p, key, text, msg, sizeof(msg));
	if (ret == -ENOENT) {
		err->unknown_key = true;
		return pl_fail(err, -EINVAL, "%s%s: unknown policy key", where, key);
	}
	if (ret)
		return pl_fail(err, -EINVAL, "%s%s", where, msg);
	return 0;
}

int policy_load_buf(const char *buf, size_t len, struct mm_policy *p, struct policy_load_err *err)
{
	json_error_t jerr;
	json_t *root, *v, *settings;
	const char *key;
	int ret = 0;

	memset(err, 0, sizeof(*err));
	mm_policy_init(p, NULL);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return pl_fail(err, -EBADMSG, "not valid JSON: line %d column %d: %s", jerr.line,
			       jerr.column, jerr.text);
	if (!json_is_object(root)) {
		ret = pl_fail(err, -EBADMSG, "expected a JSON object, got %s (not a policy file)",
			      json_type_name(root));
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "name") && strcmp(key, "kernel") && strcmp(key, "settings")) {
			ret = pl_fail(err, -EBADMSG, "%s: unknown top-level key (a policy file has "
				      "name, kernel and settings)", key);
			goto out;
		}
	}
	v = json_object_get(root, "name");
	if (v) {
		if (!json_is_string(v) || !pl_name_ok(json_string_value(v))) {
			ret = pl_fail(err, -EBADMSG, "name: expected 1 to %d letters, digits, '.', "
				      "'_', '-' or '+'", MM_POLICY_NAME_MAX - 1);
			goto out;
		}
		snprintf(p->name, sizeof(p->name), "%s", json_string_value(v));
	}
	v = json_object_get(root, "kernel");
	if (v && (ret = pl_set(p, "", "kernel", v, err)))
		goto out;
	settings = json_object_get(root, "settings");
	if (!settings)
		goto out;
	if (!json_is_object(settings)) {
		ret = pl_fail(err, -EBADMSG, "settings: expected an object, got %s",
			      json_type_name(settings));
		goto out;
	}
	json_object_foreach(settings, key, v) {
		if ((ret = pl_set(p, "settings.", key, v, err)))
			goto out;
	}
out:
	json_decref(root);
	return ret;
}

int policy_load_file(const char *path, struct mm_policy *p, struct policy_load_err *err)
{
	char *buf;
	size_t len;
	int ret;

	memset(err, 0, sizeof(*err));
	ret = json_read_file(path, POLICY_MAX_BYTES, &buf, &len);
	if (ret == -EFBIG)
		ret = pl_fail(err, -EBADMSG, "larger than any policy file");
	else if (!ret)
		ret = policy_load_buf(buf, len, p, err);
	if (ret && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(-ret));
	free(buf);
	return ret;
}
