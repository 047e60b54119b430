/* placeholder: being written this session */
int main(void);
int main(void) { return 77; }
