using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Isometry.Sampling;

namespace Isometry.Training;

/// <summary>
/// A classification task: inputs as columns (Features x Count, column-major, float) and labels 0..Classes-1, split
/// into a training and a test set.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, int features, int classes, float[] trainInputs, byte[] trainLabels, float[] testInputs, byte[] testLabels)
    {
        if (trainInputs.Length != features * trainLabels.Length || testInputs.Length != features * testLabels.Length)
            throw new ArgumentException("Inputs and labels disagree in count.");
        Name = name;
        Features = features;
        Classes = classes;
        TrainInputs = trainInputs;
        TrainLabels = trainLabels;
        TestInputs = testInputs;
        TestLabels = testLabels;
    }

    public string Name { get; }
    public int Features { get; }
    public int Classes { get; }
    public float[] TrainInputs { get; }
    public byte[] TrainLabels { get; }
    public float[] TestInputs { get; }
    public byte[] TestLabels { get; }
    public int TrainCount => TrainLabels.Length;
    public int TestCount => TestLabels.Length;
}

/// <summary>A dataset that cannot be read: missing files, or files that are not what they claim.</summary>
public sealed class DatasetException : IsometryException
{
    public DatasetException(string errorId, string message) : base(errorId, message) { }
}

/// <summary>
/// Fashion-MNIST from its IDX files (gzip), as Debian's dataset-fashion-mnist installs them: 60,000 training and
/// 10,000 test images of 28 x 28 pixels, 10 classes. Pixels are scaled to [0, 1].
/// </summary>
public static class FashionMnist
{
    public const string DefaultPath = "/usr/share/datasets/fashion-mnist";

    private static readonly string[] Files =
        { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };

    public static Dataset Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DatasetException("DatasetNotFound",
                $"Fashion-MNIST is not at {folder}. Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian), or give -DatasetPath the folder that holds {Files[0]}.gz and the other three IDX files.");
        var paths = Files.Select(f => Find(folder, f)).ToArray();
        var (trainX, features) = Images(paths[0]);
        var trainY = Labels(paths[1]);
        var (testX, _) = Images(paths[2]);
        var testY = Labels(paths[3]);
        return new Dataset("Fashion-MNIST", features, 10, trainX, trainY, testX, testY);
    }

    private static string Find(string folder, string name)
    {
        foreach (string candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new DatasetException("DatasetNotFound",
            $"{Path.Combine(folder, name)}.gz is missing: the folder must hold the four Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist).");
    }

    private static byte[] Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int BigEndian(byte[] data, int offset) => data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3];

    private static (float[] Pixels, int Features) Images(string path)
    {
        var data = Read(path);
        if (data.Length < 16 || BigEndian(data, 0) != 0x00000803)
            throw new DatasetException("DatasetCorrupt", $"{path} is not an IDX image file (magic 0x803).");
        int count = BigEndian(data, 4), rows = BigEndian(data, 8), cols = BigEndian(data, 12), features = rows * cols;
        if (data.Length != 16 + (long)count * features) throw new DatasetException("DatasetCorrupt", $"{path} is truncated.");
        var pixels = new float[(long)count * features];
        for (long i = 0; i < pixels.Length; i++) pixels[i] = data[16 + i] / 255f;
        return (pixels, features);
    }

    private static byte[] Labels(string path)
    {
        var data = Read(path);
        if (data.Length < 8 || BigEndian(data, 0) != 0x00000801)
            throw new DatasetException("DatasetCorrupt", $"{path} is not an IDX label file (magic 0x801).");
        int count = BigEndian(data, 4);
        if (data.Length != 8 + count) throw new DatasetException("DatasetCorrupt", $"{path} is truncated.");
        return data[8..];
    }
}

/// <summary>
/// A task generated from a seed, needing no download: Gaussian inputs labelled by a random teacher network with one
/// tanh hidden layer (the argmax of its outputs). A student of the same shape can learn it to high accuracy.
/// </summary>
public static class TeacherTask
{
    public static Dataset Generate(long seed, int features = 20, int classes = 4, int hidden = 32, int train = 4000, int test = 1000)
    {
        var weights = new RandomStream(seed, 0, 0, RandomStream.Weights);
        var w1 = Enumerable.Range(0, hidden * features).Select(_ => weights.NextGaussian() / Math.Sqrt(features)).ToArray();
        var w2 = Enumerable.Range(0, classes * hidden).Select(_ => weights.NextGaussian() / Math.Sqrt(hidden)).ToArray();
        (float[] X, byte[] Y) Draw(int count, int purpose)
        {
            var inputs = new RandomStream(seed, 1, purpose, RandomStream.Inputs);
            var x = new float[count * features];
            var y = new byte[count];
            var h = new double[hidden];
            for (int n = 0; n < count; n++)
            {
                // Centred and of norm sqrt(features), as the trainer's per-example scaling leaves them (up to one
                // constant factor for every example): the student sees what the teacher labelled.
                var raw = new double[features];
                for (int i = 0; i < features; i++) raw[i] = inputs.NextGaussian();
                double mean = raw.Average();
                double norm = Math.Sqrt(raw.Sum(r => (r - mean) * (r - mean)) / features);
                for (int i = 0; i < features; i++) x[n * features + i] = (float)((raw[i] - mean) / norm);
                for (int j = 0; j < hidden; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < features; i++) sum += w1[j + i * hidden] * x[n * features + i];
                    h[j] = Math.Tanh(2.0 * sum);
                }
                int best = 0;
                double top = double.NegativeInfinity;
                for (int c = 0; c < classes; c++)
                {
                    double z = 0;
                    for (int j = 0; j < hidden; j++) z += w2[c + j * classes] * h[j];
                    if (z > top) { top = z; best = c; }
                }
                y[n] = (byte)best;
            }
            return (x, y);
        }
        var (trainX, trainY) = Draw(train, 1);
        var (testX, testY) = Draw(test, 2);
        return new Dataset($"Teacher(seed {seed})", features, classes, trainX, trainY, testX, testY);
    }
}
