#ifndef SD_FINDING_H
#define SD_FINDING_H
#endif
