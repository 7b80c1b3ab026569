// asc-flags: --enable relaxed-simd --enable threads --importMemory --sharedMemory --maximumMemory 65536
// The conv-RNN convolutions with relaxed-SIMD fused multiply-add (see _conv_threads.ts).
export * from "./_conv_threads";
