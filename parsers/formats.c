/* The table of input formats: sniffing and parsing loop over it. */
#include "config.h"

#include <stddef.h>
#include <strings.h>

#include "parser.h"
#include "ldif.h"
#include "cloudmap.h"

const struct input_format *const input_formats[] = {
	&input_format_ldif,
	&input_format_graph_csv,
	&input_format_clixml,
	&input_format_graph_json,
	NULL
};

const struct input_format *
input_format_find(const char *name)
{
	size_t	i;

	for (i = 0; input_formats[i] != NULL; i++)
		if (strcasecmp(input_formats[i]->name, name) == 0)
			return input_formats[i];
	return NULL;
}
