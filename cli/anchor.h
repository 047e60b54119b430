/*
 * `syncdoctor anchor VALUE`: one source anchor (objectGUID,
 * mS-DS-ConsistencyGuid, immutableId) in every form, with the PowerShell
 * and Graph request that find or write it.  A converter for the value on
 * the command line; it reads no file and knows no rule.
 */
#ifndef SD_ANCHOR_H
#define SD_ANCHOR_H

/*
 * Run the command on argv[optind..argc) (main.c sets optind past the
 * command word).  Returns 0 when VALUE was read and printed, in every
 * reading it has; -1 after writing a usage error ("syncdoctor: ...") to
 * stderr, for a bad option or a VALUE that is no form of a GUID.
 */
int	cmd_anchor(int argc, char **argv);

#endif /* SD_ANCHOR_H */
