// asc-flags: --enable threads --importMemory --sharedMemory --maximumMemory 65536
// The conv-RNN convolutions with plain SIMD multiply + add, for runtimes without relaxed SIMD.
export * from "./_conv_threads";
