package io.policyrouter.tools.annotator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The logistic fit behind the task confidence's calibration recovers known coefficients. */
class CalibrationFitTest {

    @Test
    void recoversTheCoefficientsOfSyntheticData() {
        Random random = new Random(7);
        int n = 20_000;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {random.nextGaussian() * 2, random.nextBoolean() ? 1 : 0, random.nextDouble() * 2};
            double z = 1.5 * x[i][0] - 0.5 * x[i][1] - 0.8 * x[i][2] + 0.3;
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        double[] w = TrainTaskClassifier.logistic(x, y, 1e-3);
        assertEquals(1.5, w[0], 0.1);
        assertEquals(-0.5, w[1], 0.1);
        assertEquals(-0.8, w[2], 0.1);
        assertEquals(0.3, w[3], 0.1);
    }

    @Test
    void separableDataDoesNotDiverge() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        double[] y = {0, 0, 1, 1};
        double[] w = TrainTaskClassifier.logistic(x, y, 1e-3);
        for (double v : w) {
            assertEquals(false, Double.isNaN(v) || Double.isInfinite(v), "weight " + v);
        }
        assertEquals(true, w[0] > 0, "slope " + w[0]);
    }
}
