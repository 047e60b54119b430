#ifndef SD_REPORT_H
#define SD_REPORT_H
#endif
