using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>One seed input of a target, with the regions its mutations should favour.</summary>
    internal sealed class FuzzSeed
    {
        public FuzzSeed(string name, byte[] bytes, params HotRegion[] hot)
        {
            Name = name;
            Bytes = bytes;
            Hot = hot;
        }

        public string Name { get; }

        public byte[] Bytes { get; }

        public IReadOnlyList<HotRegion> Hot { get; }
    }

    /// <summary>
    /// A parser under fuzzing: its seeds, the exceptions its contract documents, and its run, which returns an
    /// oracle violation (a verdict it must never give for that input) or null. Any other exception is a crash.
    /// </summary>
    internal sealed class FuzzTarget
    {
        public FuzzTarget(string name, IReadOnlyList<FuzzSeed> seeds, Func<byte[], FuzzSeed, string?> run, params Type[] documentedExceptions)
        {
            Name = name;
            Seeds = seeds;
            Run = run;
            DocumentedExceptions = documentedExceptions;
        }

        public string Name { get; }

        public IReadOnlyList<FuzzSeed> Seeds { get; }

        public Func<byte[], FuzzSeed, string?> Run { get; }

        public IReadOnlyList<Type> DocumentedExceptions { get; }

        /// <summary>Text tokens worth inserting (markers, separators) for text formats.</summary>
        public IReadOnlyList<string> Tokens { get; set; } = Array.Empty<string>();

        /// <summary>The most one input may allocate: far above any honest parse, far below an unbounded one.</summary>
        public Func<int, long> AllocationBudget { get; set; } = length => (64L << 20) + (32L * length);

        public Action? Cleanup { get; set; }

        /// <summary>How many inputs met the target's specific oracle (so a report shows it was not vacuous).</summary>
        public long OracleChecks { get; set; }

        public bool IsDocumented(Exception exception) => DocumentedExceptions.Any(type => type.IsInstanceOfType(exception));
    }

    internal sealed class FuzzCrash
    {
        public FuzzCrash(long iteration, string kind, string detail, string savedAs, byte[] input)
        {
            Iteration = iteration;
            Kind = kind;
            Detail = detail;
            SavedAs = savedAs;
            Input = input;
        }

        public long Iteration { get; }

        public string Kind { get; }

        public string Detail { get; }

        public string SavedAs { get; }

        public byte[] Input { get; }
    }

    internal sealed class FuzzReport
    {
        public FuzzReport(string target, int seed)
        {
            Target = target;
            Seed = seed;
        }

        public string Target { get; }

        public int Seed { get; }

        public long Inputs { get; set; }

        public long DocumentedErrors { get; set; }

        public List<FuzzCrash> Crashes { get; } = new List<FuzzCrash>();

        public double SlowestMilliseconds { get; set; }

        public long MostAllocatedBytes { get; set; }

        public TimeSpan Elapsed { get; set; }

        public long OracleChecks { get; set; }

        public string Summary =>
            $"fuzz {Target}: seed {Seed}, {Inputs:N0} inputs in {Elapsed.TotalSeconds:N1} s, {DocumentedErrors:N0} documented errors, " +
            $"{Crashes.Count} crashes, {OracleChecks:N0} oracle checks, slowest {SlowestMilliseconds:N1} ms, most allocated {MostAllocatedBytes / 1024.0:N0} KiB";

        public string Describe()
        {
            IEnumerable<string> crashes = Crashes.Select(crash =>
                $"  iteration {crash.Iteration}: {crash.Kind}: {crash.Detail}\n    saved as {crash.SavedAs}" +
                (crash.Input.Length <= 4096 ? "\n    base64 " + Convert.ToBase64String(crash.Input) : string.Empty));
            return Summary + "\n  reproduce with SCT_FUZZ_SEED=" + Seed + "\n" + string.Join("\n", crashes);
        }
    }

    /// <summary>
    /// Runs a target for a time budget. Input i is made from a Random seeded by (run seed, i) alone, so a run seed
    /// names every input whatever the budget; each input runs on a watchdog thread with a time bound and its
    /// allocation is measured. Crashing inputs are saved under out/fuzz (or the temp folder) and reported.
    /// </summary>
    internal static class FuzzCampaign
    {
        private const int MaxCrashesKept = 8;

        public static FuzzReport Run(FuzzTarget target, int seed, TimeSpan budget, TimeSpan perInputLimit, long maxInputs = long.MaxValue)
        {
            var report = new FuzzReport(target.Name, seed);
            var clock = Stopwatch.StartNew();
            using var watchdog = new Watchdog();
            IReadOnlyList<byte[]> all = target.Seeds.Select(s => s.Bytes).ToArray();
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                for (long iteration = 0; iteration < maxInputs && clock.Elapsed < budget; iteration++)
                {
                    var random = new Random(unchecked((seed * 1_000_003) ^ (int)iteration ^ (int)(iteration >> 32)));
                    FuzzSeed origin = target.Seeds[random.Next(target.Seeds.Count)];
                    byte[] input = random.Next(16) == 0 ? origin.Bytes : FuzzMutator.Mutate(random, origin.Bytes, origin.Hot, all, target.Tokens);
                    (string Kind, string Detail)? crash = RunOne(target, watchdog, input, origin, perInputLimit, report);
                    report.Inputs++;
                    if (crash == null)
                    {
                        continue;
                    }

                    string signature = crash.Value.Kind + "|" + FirstLine(crash.Value.Detail);
                    if (distinct.Add(signature) && report.Crashes.Count < MaxCrashesKept)
                    {
                        report.Crashes.Add(new FuzzCrash(iteration, crash.Value.Kind, crash.Value.Detail, Save(target.Name, seed, iteration, input), input));
                    }

                    if (crash.Value.Kind == "Hang")
                    {
                        break; // the watchdog thread is stuck in the parser; nothing more can run on it
                    }
                }
            }
            finally
            {
                target.Cleanup?.Invoke();
            }

            report.Elapsed = clock.Elapsed;
            report.OracleChecks = target.OracleChecks;
            return report;
        }

        /// <summary>Runs one input through its target's oracles (used by the campaign and by regression replays).</summary>
        public static (string Kind, string Detail)? RunOne(FuzzTarget target, Watchdog watchdog, byte[] input, FuzzSeed origin, TimeSpan perInputLimit, FuzzReport report)
        {
            string? violation = null;
            Exception? error = null;
            long allocated = 0;
            var timer = Stopwatch.StartNew();
            bool finished = watchdog.TryRun(
                () =>
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    try
                    {
                        violation = target.Run(input, origin);
                    }
                    catch (Exception exception)
                    {
                        error = exception;
                    }

                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                },
                perInputLimit);
            timer.Stop();
            if (!finished)
            {
                return ("Hang", $"no result after {perInputLimit.TotalSeconds:N0} s (input of {input.Length} bytes from {origin.Name})");
            }

            report.SlowestMilliseconds = Math.Max(report.SlowestMilliseconds, timer.Elapsed.TotalMilliseconds);
            report.MostAllocatedBytes = Math.Max(report.MostAllocatedBytes, allocated);
            if (error != null)
            {
                if (target.IsDocumented(error))
                {
                    report.DocumentedErrors++;
                }
                else
                {
                    return ("Exception", error.GetType().FullName + ": " + error.Message + "\n" + error.StackTrace);
                }
            }

            if (violation != null)
            {
                return ("Oracle", violation + " (from " + origin.Name + ")");
            }

            long budget = target.AllocationBudget(input.Length);
            return allocated > budget
                ? ("Allocation", $"{allocated:N0} bytes allocated for an input of {input.Length:N0} bytes (bound {budget:N0}) from {origin.Name}")
                : ((string, string)?)null;
        }

        private static string FirstLine(string text)
        {
            int end = text.IndexOf('\n');
            return end < 0 ? text : text.Substring(0, end);
        }

        private static string Save(string target, int seed, long iteration, byte[] input)
        {
            string folder = Path.Combine(RepositoryOut() ?? Path.GetTempPath(), "fuzz");
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, $"{target}-seed{seed}-{iteration}.bin");
            File.WriteAllBytes(path, input);
            return path;
        }

        private static string? RepositoryOut()
        {
            for (DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "SupplyChainTools.sln")))
                {
                    return Path.Combine(folder.FullName, "out");
                }
            }

            return null;
        }
    }

    /// <summary>One background thread that runs work items, so a caller can stop waiting for one that hangs.</summary>
    internal sealed class Watchdog : IDisposable
    {
        private readonly Thread _thread;
        private readonly SemaphoreSlim _start = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _done = new SemaphoreSlim(0);
        private Action? _work;
        private bool _stopping;
        private bool _lost;

        public Watchdog()
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = "fuzz watchdog" };
            _thread.Start();
        }

        public bool TryRun(Action work, TimeSpan limit)
        {
            if (_lost)
            {
                throw new InvalidOperationException("The watchdog thread is stuck in an earlier input.");
            }

            _work = work;
            _start.Release();
            if (_done.Wait(limit))
            {
                return true;
            }

            _lost = true;
            return false;
        }

        public void Dispose()
        {
            if (!_lost)
            {
                _stopping = true;
                _start.Release();
                _thread.Join();
            }
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                if (_stopping)
                {
                    return;
                }

                _work!();
                _done.Release();
            }
        }
    }
}
