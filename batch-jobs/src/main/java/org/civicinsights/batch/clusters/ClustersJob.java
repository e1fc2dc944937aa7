package org.civicinsights.batch.clusters;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.common.config.CivicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mart.citizen_cluster and mart.cluster_summary: behavioural segments of the identified citizens
 * who contacted the city in the last 365 days, from core.citizen_profile of the run date.
 *
 * <p>Features: {@link ClusterFeatures}, standardised (mean 0, standard deviation 1). KMeans for
 * each k of {@link #K_MIN_PROPERTY}..{@link #K_MAX_PROPERTY} (default 3..8, at most population / 10)
 * on a deterministic sample of at most {@link #SAMPLE_MAX} citizens (the lowest hashes of
 * citizen_key, in one partition sorted by key, fixed seed: a rerun of the same profiles gives the
 * same model); the k with the best silhouette (squared Euclidean; a tie goes to the smaller k) wins,
 * unless k-means started from the previous run's centroids scores within {@link #STABILITY_TOLERANCE}
 * of it: then that one is kept, so small daily changes do not reshuffle the clusters.
 * Everyone, in or out of the sample, is then assigned to the nearest of that model's centroids: one
 * model, the sample is only what it is fitted on.
 *
 * <p>Ids stay stable across runs ({@link CentroidMatching}) and each cluster is described in words
 * ({@link ClusterDescription}). A run for D replaces D's rows of both tables. The previous run is the
 * latest earlier date in mart.cluster_summary, so a backfill must run in ascending order.
 */
public final class ClustersJob implements BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(ClustersJob.class);

    public static final String PROFILE = BatchTables.CITIZEN_PROFILE;
    public static final String CITIZEN_CLUSTER = "mart.citizen_cluster";
    public static final String CLUSTER_SUMMARY = "mart.cluster_summary";

    /** The range of k tried: the run's settings {@code clusters.k-min}, {@code clusters.k-max}. */
    public static final String K_MIN_PROPERTY = "clusters.k-min";

    public static final String K_MAX_PROPERTY = "clusters.k-max";
    public static final int DEFAULT_K_MIN = 3;
    public static final int DEFAULT_K_MAX = 8;
    /** Fitting and silhouette scoring are O(n k) per iteration: a sample this large already fixes the centroids. */
    public static final int SAMPLE_MAX = 200_000;
    /** Fewer than ten citizens per cluster is no segmentation: k is capped at population / 10. */
    public static final int MIN_ROWS_PER_K = 10;

    public static final double SMALL_CLUSTER_PCT = 1.0;
    static final long SEED = 20_260_101L;
    static final int MAX_ITERATIONS = 50;
    /** How much silhouette the previous run's clustering may lose to a fresh one and still be kept (stable ids). */
    static final double STABILITY_TOLERANCE = 0.02;

    public static final StructType CITIZEN_CLUSTER_SCHEMA = new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("citizen_key", DataTypes.StringType)
            .add("cluster_id", DataTypes.IntegerType)
            .add("distance", DataTypes.DoubleType);

    public static final StructType CLUSTER_SUMMARY_SCHEMA = new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("cluster_id", DataTypes.IntegerType)
            .add("label", DataTypes.StringType)
            .add("description", DataTypes.StringType)
            .add("size", DataTypes.LongType)
            .add("share_pct", DataTypes.DoubleType)
            .add("silhouette", DataTypes.DoubleType)
            .add("k", DataTypes.IntegerType)
            .add("centroid", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true))
            .add("matched_previous", DataTypes.BooleanType);

    /** The features plus the nearest centroid's index and the distance to it. */
    static final StructType ASSIGNED = assignedSchema();

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "clusters",
                JobKind.DAILY,
                List.of("profile"),
                List.of(
                        TableSpec.of(ClustersJob.CITIZEN_CLUSTER, ClustersJob.CITIZEN_CLUSTER_SCHEMA, "(as_of_date)"),
                        TableSpec.of(ClustersJob.CLUSTER_SUMMARY, ClustersJob.CLUSTER_SUMMARY_SCHEMA, "(as_of_date)")),
                "mart.citizen_cluster, mart.cluster_summary: k-means behavioural clusters with stable ids");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        String profile = BatchTables.name(s, PROFILE);
        String citizens = BatchTables.name(s, CITIZEN_CLUSTER);
        String summary = BatchTables.name(s, CLUSTER_SUMMARY);
        Column onDate = col("as_of_date").equalTo(lit(date));
        int[] range = kRange(s.config());

        Dataset<Row> population = spark.table(profile)
                .where(onDate.and(col("key_kind").equalTo("citizen"))
                        .and(col("contacts_365d").gt(0))
                        .and(col("citizen_key").isNotNull()))
                .select(ClusterFeatures.PROFILE_COLUMNS.stream()
                        .map(functions::col)
                        .toArray(Column[]::new));
        Row csat = population.agg(avg("avg_csat_365d")).first();
        double csatFill = csat.isNullAt(0) ? 0 : csat.getDouble(0);
        Dataset<Row> features = population
                .map(featureRows(csatFill), Encoders.row(ClusterFeatures.schema()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> scaled = null;
        try {
            long n = features.count();
            int kMax = (int) Math.min(range[1], n / MIN_ROWS_PER_K);
            if (kMax < range[0]) {
                return skipped(
                        spark,
                        citizens,
                        summary,
                        onDate,
                        n,
                        "clustering skipped: " + n + " citizens with contacts, fewer than " + MIN_ROWS_PER_K
                                + " x k_min = " + (long) MIN_ROWS_PER_K * range[0] + "; the date has no clusters");
            }
            String[] names = ClusterFeatures.names();
            // the sample: the lowest hashes of citizen_key (independent of file layout and insertion order),
            // in one partition sorted by key so that KMeans sees the same rows in the same order on a rerun
            Dataset<Row> sample = features.withColumn("_h", functions.xxhash64(col("citizen_key")))
                    .orderBy(col("_h"), col("citizen_key"))
                    .limit(SAMPLE_MAX)
                    .drop("_h")
                    .repartition(1)
                    .sortWithinPartitions("citizen_key");
            Dataset<Row> assembled = new VectorAssembler()
                    .setInputCols(names)
                    .setOutputCol("raw")
                    .transform(sample);
            StandardScalerModel scaler = new StandardScaler()
                    .setInputCol("raw")
                    .setOutputCol("features")
                    .setWithMean(true)
                    .setWithStd(true)
                    .fit(assembled);
            scaled = scaler.transform(assembled).select("features").persist(StorageLevel.MEMORY_AND_DISK());
            long sampleRows = scaled.count();

            ClusteringEvaluator evaluator = new ClusteringEvaluator()
                    .setDistanceMeasure("squaredEuclidean")
                    .setMetricName("silhouette")
                    .setFeaturesCol("features")
                    .setPredictionCol("prediction");
            double[][] centres = null;
            double bestSilhouette = Double.NEGATIVE_INFINITY;
            for (int k = range[0]; k <= kMax; k++) {
                KMeansModel model = new KMeans()
                        .setK(k)
                        .setSeed(SEED)
                        .setMaxIter(MAX_ITERATIONS)
                        .setFeaturesCol("features")
                        .setPredictionCol("prediction")
                        .fit(scaled);
                if (model.clusterCenters().length < 2) {
                    continue; // fewer distinct points than k: no segmentation to score
                }
                double silhouette = evaluator.evaluate(model.transform(scaled));
                LOG.info("clusters {}: k={} silhouette={}", date, k, String.format(Locale.ROOT, "%.4f", silhouette));
                if (silhouette > bestSilhouette) {
                    bestSilhouette = silhouette;
                    centres = Arrays.stream(model.clusterCenters())
                            .map(Vector::toArray)
                            .toArray(double[][]::new);
                }
            }
            if (centres == null) {
                return skipped(
                        spark,
                        citizens,
                        summary,
                        onDate,
                        n,
                        "clustering skipped: the " + n
                                + " citizens with contacts have fewer than two distinct feature vectors");
            }
            // k-means from a fresh start can settle on another local optimum after a small change of the
            // data; started from the previous run's centroids it stays where it was unless the data moved.
            // That model is kept when its silhouette is within STABILITY_TOLERANCE of the best fresh one.
            Previous previous = previous(spark, summary, date);
            boolean warm = false;
            int kPrevious = previous.centroids().size();
            if (kPrevious >= range[0] && kPrevious <= kMax) {
                double[][] warmCentres = warmStart(
                        scaled,
                        previous,
                        names,
                        scaler.mean().toArray(),
                        scaler.std().toArray());
                double silhouette = evaluator.evaluate(predicted(spark, scaled, warmCentres));
                LOG.info(
                        "clusters {}: k={} from the previous centroids, silhouette={}",
                        date,
                        kPrevious,
                        String.format(Locale.ROOT, "%.4f", silhouette));
                if (silhouette >= bestSilhouette - STABILITY_TOLERANCE) {
                    centres = warmCentres;
                    bestSilhouette = silhouette;
                    warm = true;
                }
            }
            Dataset<Row> assigned = features.map(
                    assignRows(scaler.mean().toArray(), scaler.std().toArray(), centres), Encoders.row(ASSIGNED));

            // population mean and spread (for the descriptions and the matching), and each cluster's members
            List<Column> stats = new ArrayList<>();
            for (String f : names) {
                stats.add(functions.avg(f));
                stats.add(functions.stddev_samp(f));
            }
            Row st = features.agg(stats.get(0), stats.subList(1, stats.size()).toArray(Column[]::new))
                    .first();
            double[] mean = new double[names.length];
            double[] std = new double[names.length];
            for (int f = 0; f < names.length; f++) {
                mean[f] = st.getDouble(2 * f);
                std[f] = st.isNullAt(2 * f + 1) ? 0 : st.getDouble(2 * f + 1);
            }
            List<Column> means = Arrays.stream(names).map(functions::avg).toList();
            List<Row> groups = assigned.groupBy("cluster_index")
                    .agg(functions.count(lit(1)), means.toArray(Column[]::new))
                    .orderBy("cluster_index")
                    .collectAsList();
            List<double[]> centroids = new ArrayList<>();
            long[] sizes = new long[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                Row r = groups.get(g);
                sizes[g] = r.getLong(1);
                double[] c = new double[names.length];
                for (int f = 0; f < names.length; f++) {
                    c[f] = r.getDouble(2 + f);
                }
                centroids.add(c);
            }

            CentroidMatching.Assignment ids =
                    CentroidMatching.assign(centroids, sizes, previous.centroids(), previous.maxId(), std);

            // cluster_index -> cluster_id (an index KMeans left empty maps to nothing and has no rows)
            Column[] idByIndex = new Column[centres.length];
            Arrays.fill(idByIndex, lit(null).cast(DataTypes.IntegerType));
            List<Row> summaryRows = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                int index = groups.get(g).getInt(0);
                idByIndex[index] = lit(ids.ids()[g]);
                ClusterDescription.Text text = ClusterDescription.describe(centroids.get(g), mean, std);
                Map<String, Double> centroid = new LinkedHashMap<>();
                for (int f = 0; f < names.length; f++) {
                    centroid.put(names[f], centroids.get(g)[f]);
                }
                summaryRows.add(RowFactory.create(
                        date,
                        ids.ids()[g],
                        text.label(),
                        text.description(),
                        sizes[g],
                        100.0 * sizes[g] / n,
                        bestSilhouette,
                        groups.size(),
                        centroid,
                        ids.matched()[g]));
            }
            summaryRows.sort((a, b) -> Integer.compare(a.getInt(1), b.getInt(1)));

            Dataset<Row> citizenRows = assigned.select(
                    lit(date).as("as_of_date"),
                    col("citizen_key"),
                    functions
                            .element_at(
                                    functions.array(idByIndex),
                                    col("cluster_index").plus(1))
                            .as("cluster_id"),
                    col("distance"));
            // the assignment first: the summary is what the next run matches against
            BatchTables.overwrite(citizenRows, citizens, onDate);
            BatchTables.overwrite(spark.createDataFrame(summaryRows, CLUSTER_SUMMARY_SCHEMA), summary, onDate);

            int matched = 0;
            for (boolean m : ids.matched()) {
                matched += m ? 1 : 0;
            }
            Row written = spark.table(citizens)
                    .where(onDate)
                    .agg(functions.count(lit(1)), functions.countDistinct(col("citizen_key")))
                    .first();
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("population", n);
            figures.put("sample_rows", sampleRows);
            figures.put("k", (long) groups.size());
            figures.put("silhouette_permille", Math.round(bestSilhouette * 1000));
            figures.put("clusters_matched", (long) matched);
            figures.put("clusters_new", (long) (groups.size() - matched));
            figures.put("warm_start", warm ? 1L : 0L);
            figures.put("citizen_cluster_rows", written.getLong(0));
            return new JobResult(figures, checks(spark, summary, onDate, n, written.getLong(0), written.getLong(1)));
        } finally {
            features.unpersist();
            if (scaled != null) {
                scaled.unpersist();
            }
        }
    }

    /** The latest earlier run's centroids (original units) by cluster id, and the largest id ever given. */
    record Previous(Map<Integer, double[]> centroids, int maxId) {}

    static Previous previous(SparkSession spark, String summary, LocalDate date) {
        Map<Integer, double[]> centroids = new HashMap<>();
        Row last = spark.table(summary)
                .where(col("as_of_date").lt(lit(date)))
                .agg(functions.max("as_of_date"), functions.max("cluster_id"))
                .first();
        if (!last.isNullAt(0)) {
            for (Row r : spark.table(summary)
                    .where(col("as_of_date").equalTo(last.get(0)))
                    .select("cluster_id", "centroid")
                    .collectAsList()) {
                centroids.put(r.getInt(0), CentroidMatching.fromMap(r.getJavaMap(1)));
            }
        }
        return new Previous(centroids, last.isNullAt(1) ? 0 : last.getInt(1));
    }

    /** k-means on the sample started from the previous centroids, standardised with today's scaler. */
    static double[][] warmStart(Dataset<Row> scaled, Previous previous, String[] names, double[] mean, double[] std) {
        List<org.apache.spark.mllib.linalg.Vector> init = new ArrayList<>();
        previous.centroids().keySet().stream()
                .sorted()
                .forEach(id -> init.add(
                        Vectors.dense(ClusterFeatures.scale(previous.centroids().get(id), mean, std))));
        org.apache.spark.mllib.clustering.KMeansModel model = new org.apache.spark.mllib.clustering.KMeans()
                .setK(init.size())
                .setMaxIterations(MAX_ITERATIONS)
                .setSeed(SEED)
                .setInitialModel(new org.apache.spark.mllib.clustering.KMeansModel(init))
                .run(scaled.javaRDD()
                        .map(r -> Vectors.fromML((Vector) r.get(0)))
                        .rdd());
        return Arrays.stream(model.clusterCenters())
                .map(org.apache.spark.mllib.linalg.Vector::toArray)
                .toArray(double[][]::new);
    }

    /** The sample with the nearest of {@code centres} as its prediction, for the silhouette. */
    static Dataset<Row> predicted(SparkSession spark, Dataset<Row> scaled, double[][] centres) {
        StructType schema =
                new StructType().add("features", SQLDataTypes.VectorType()).add("prediction", DataTypes.IntegerType);
        return scaled.map(
                (MapFunction<Row, Row>) r ->
                        RowFactory.create(r.get(0), ClusterFeatures.nearest(((Vector) r.get(0)).toArray(), centres)),
                Encoders.row(schema));
    }

    static List<QualityCheck> checks(
            SparkSession spark, String summary, Column onDate, long n, long rows, long distinctCitizens) {
        List<Row> sizes = spark.table(summary).where(onDate).select("size").collectAsList();
        long sum = 0;
        long small = 0;
        for (Row r : sizes) {
            sum += r.getLong(0);
            small += r.getLong(0) * 100.0 < SMALL_CLUSTER_PCT * n ? 1 : 0;
        }
        return List.of(
                QualityCheck.hard(
                        "every_citizen_assigned_once",
                        Math.abs(rows - n) + (rows - distinctCitizens),
                        "citizens of the population without exactly one row in mart.citizen_cluster (also counts a citizen_key"
                                + " repeated in core.citizen_profile for the date)"),
                QualityCheck.hard(
                        "cluster_sizes_sum_to_population",
                        Math.abs(sum - n),
                        "difference between the clusters' sizes in mart.cluster_summary and the population"),
                QualityCheck.soft(
                        "small_clusters",
                        small,
                        "clusters with less than " + SMALL_CLUSTER_PCT + " % of the population"),
                QualityCheck.soft(
                        "population_too_small",
                        0,
                        "citizens left without a cluster because the population was too small"));
    }

    /** Too few citizens to segment: the date's rows are removed (so no stale run stays) and the run goes on. */
    static JobResult skipped(
            SparkSession spark, String citizens, String summary, Column onDate, long n, String message) {
        LOG.warn(message);
        BatchTables.overwrite(spark.createDataFrame(List.of(), CITIZEN_CLUSTER_SCHEMA), citizens, onDate);
        BatchTables.overwrite(spark.createDataFrame(List.of(), CLUSTER_SUMMARY_SCHEMA), summary, onDate);
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("population", n);
        figures.put("k", 0L);
        figures.put("citizen_cluster_rows", 0L);
        return new JobResult(figures, List.of(QualityCheck.soft("population_too_small", n, message)));
    }

    /** k_min..k_max from the run's settings ({@code --clusters.k-min 3 --clusters.k-max 8}), defaults 3..8. */
    static int[] kRange(CivicConfig c) {
        int min = (int) c.getLong(K_MIN_PROPERTY, DEFAULT_K_MIN);
        int max = (int) c.getLong(K_MAX_PROPERTY, DEFAULT_K_MAX);
        if (min < 2 || max < min) {
            throw new IllegalArgumentException(K_MIN_PROPERTY + "=" + min + " and " + K_MAX_PROPERTY + "=" + max
                    + " are not a range of k (2 <= k_min <= k_max)");
        }
        return new int[] {min, max};
    }

    // static, so that the functions shipped to the executors capture only their arguments

    private static MapFunction<Row, Row> featureRows(double csatFill) {
        return p -> {
            double[] x = ClusterFeatures.extract(p, csatFill);
            Object[] v = new Object[x.length + 1];
            v[0] = p.getAs("citizen_key");
            for (int f = 0; f < x.length; f++) {
                v[f + 1] = x[f];
            }
            return RowFactory.create(v);
        };
    }

    /** Nearest centroid in the scaler's standardised space; distance = its Euclidean distance there. */
    private static MapFunction<Row, Row> assignRows(double[] scalerMean, double[] scalerStd, double[][] centres) {
        return r -> {
            double[] x = new double[scalerMean.length];
            for (int f = 0; f < x.length; f++) {
                x[f] = r.getDouble(f + 1);
            }
            double[] z = ClusterFeatures.scale(x, scalerMean, scalerStd);
            int c = ClusterFeatures.nearest(z, centres);
            Object[] v = new Object[x.length + 3];
            v[0] = r.getString(0);
            v[1] = c;
            v[2] = Math.sqrt(ClusterFeatures.squaredDistance(z, centres[c]));
            for (int f = 0; f < x.length; f++) {
                v[f + 3] = x[f];
            }
            return RowFactory.create(v);
        };
    }

    private static StructType assignedSchema() {
        StructType s = new StructType()
                .add("citizen_key", DataTypes.StringType, false)
                .add("cluster_index", DataTypes.IntegerType, false)
                .add("distance", DataTypes.DoubleType, false);
        for (String f : ClusterFeatures.names()) {
            s = s.add(f, DataTypes.DoubleType, false);
        }
        return s;
    }
}
