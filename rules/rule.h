#ifndef SD_RULE_H
#define SD_RULE_H
#endif
