// One dashboard and one Chromium serve every test; two at a time keeps a 2-core machine responsive.
[assembly: Xunit.v3.Parallelization(MaxThreads = 2)]
