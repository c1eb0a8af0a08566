# SPDX-License-Identifier: GPL-2.0-only
# bash completion for mmtrace. Commands, options and metric names are read from the
# binary's own help (`mmtrace help`, `mmtrace CMD --help`), so they never go stale.

_mmtrace_opts()
{
	"$1" "$2" --help 2>/dev/null | grep -oE -- '(^|[[ ,|])--?[a-zA-Z][a-zA-Z0-9-]*' |
		sed -E 's/^[[ ,|]//' | sort -u
}

_mmtrace_metrics()
{
	"$1" diff --help 2>/dev/null | sed -n '/Metrics/,$p' |
		sed -nE 's/^[ v] ([a-z][a-z0-9_]*) .*/\1/p'
}

_mmtrace()
{
	local cur prev bin=${COMP_WORDS[0]} cmd= i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$("$bin" help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p') help -v --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-k | --kernel)
		COMPREPLY=($(compgen -W "6.1 6.12" -- "$cur")); return ;;
	-m | --mode)
		COMPREPLY=($(compgen -W "follow simulate" -- "$cur")); return ;;
	-f | --format)
		COMPREPLY=($(compgen -W "text json markdown" -- "$cur")); return ;;
	-r | --max-regress)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -S = -W "$(_mmtrace_metrics "$bin")" -- "${cur%%=*}"))
		return ;;
	--set)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -S = -W "$("$bin" policy show 2>/dev/null |
			sed -nE 's/^ +"([a-z_]+)": .*/\1/p' | grep -v '^name$\|^kernel$\|^settings$')" \
			-- "${cur%%=*}"))
		return ;;
	-e)
		COMPREPLY=($(compgen -W "mm_page_alloc mm_page_free mm_page_free_batched
			mm_page_alloc_zone_locked mm_page_pcpu_drain mm_page_alloc_extfrag kmalloc kfree
			kmem_cache_alloc kmem_cache_free" -- "$cur")); return ;;
	-o | --output | --policy | --snapshot | --end-snapshot)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--from-dir | --svg)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	-p)
		COMPREPLY=($(compgen -W "$(ps -e -o pid= 2>/dev/null)" -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_mmtrace_opts "$bin" "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	diff | report)
		COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur")) ;;
	import)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	*)
		COMPREPLY=($(compgen -f -X '!*.mmt' -- "$cur") $(compgen -d -- "$cur")) ;;
	esac
}
complete -F _mmtrace mmtrace
