#ifndef SD_ANALYSIS_H
#define SD_ANALYSIS_H
#endif
